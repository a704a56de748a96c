/** A validation finding: one row of the report, about one attribute value of one object. */

export type Severity = 'error' | 'warning';

/** IdFix's error names (its ErrorType flags), in IdFix's numeric order. */
export const IDFIX_ERRORS = [
  'Format',
  'Blank',
  'Duplicate',
  'Character',
  'TopLevelDomain',
  'DomainPart',
  'LocalPart',
  'Length',
] as const;
export type IdfixError = (typeof IDFIX_ERRORS)[number];

/** IdFix's proposed actions; the user's ACTION column adds EDIT/REMOVE/COMPLETE/UNDO/FAIL. */
export type ProposedAction = 'Edit' | 'Complete' | 'Remove';

export interface Finding {
  /** Stable rule id, e.g. "idfix.character" or "entra.upn-unverified-domain" (see docs/validate.md). */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly dn: string;
  /** The object's cn (IdFix's COMMONNAME column). */
  readonly cn: string;
  /** The object's most specific objectClass (IdFix's OBJECTCLASS column). */
  readonly objectClass: string;
  /** Attribute name as IdFix spells it (displayName, mailnickname, proxyAddresses, …). */
  readonly attribute: string;
  /** The value found (undefined when the attribute is missing). */
  readonly value?: string;
  /** A sentence a person understands. */
  readonly message: string;
  /** The suggested new value (IdFix's UPDATE), when there is one. */
  readonly suggestedValue?: string;
  /** IdFix's proposed action for the row. */
  readonly proposedAction?: ProposedAction;
  /** IdFix error names for this row, in IdFix's order (ERROR column joins them with ", "). */
  readonly idfixErrors?: readonly IdfixError[];
  /** DNs of the other objects involved (duplicates and conflicts). */
  readonly related?: readonly string[];
}
