/** `cloudsync doctor -o json`, in process: its exit code, its checks and stderr. */
import { runMain } from './run-main.js';

export interface DoctorCheck {
  target: string;
  check: string;
  status: string;
  detail: string;
  fix?: string;
}

export async function doctorJson(env: Record<string, string>, args: string[] = []): Promise<{ code: number; checks: DoctorCheck[]; stderr: string }> {
  const r = await runMain(['doctor', '-o', 'json', ...args], { env });
  const out = r.stdout ? (JSON.parse(r.stdout) as { checks: DoctorCheck[] }) : { checks: [] };
  return { code: r.code, checks: out.checks, stderr: r.stderr };
}

/** The status of the named check (undefined when doctor did not run it). */
export const checkStatus = (checks: DoctorCheck[], check: string): string | undefined => checks.find((c) => c.check === check)?.status;
