/** One line of the `cloudsync doctor` checklist. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** What was checked against: an LDAP URL, "entra", "network". */
  readonly target: string;
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found, one line. */
  readonly detail: string;
  /** What to do about a warn or fail. */
  readonly fix?: string;
}

export function result(target: string, check: string, status: CheckStatus, detail: string, fix?: string): CheckResult {
  return fix === undefined ? { target, check, status, detail } : { target, check, status, detail, fix };
}
