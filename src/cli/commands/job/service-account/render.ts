import { toCsv } from '../../../output/csv.js';
import { emit, type Column, type EmitOptions } from '../../../output/emit.js';
import { localTime, utcOffset } from '../../../output/time.js';
import { table, type JobRenderOptions } from '../render.js';

/** A user as Graph returns it for the $select of `job service-account`. */
export type ServiceAccount = Record<string, unknown>;

const text = (v: unknown): string => String(v ?? '');

const CSV: readonly Column<ServiceAccount>[] = [
  { header: 'ID', cell: (u) => text(u.id) },
  { header: 'USER_PRINCIPAL_NAME', cell: (u) => text(u.userPrincipalName) },
  { header: 'DISPLAY_NAME', cell: (u) => text(u.displayName) },
  { header: 'ENABLED', cell: (u) => text(u.accountEnabled) },
  { header: 'CREATED', cell: (u) => text(u.createdDateTime) },
];

/** The accounts as Graph returns them: a JSON array (NDJSON: the array on one line), CSV rows, or a table. */
export function renderServiceAccountsView(users: readonly ServiceAccount[], o: EmitOptions): string {
  // One row, the list: NDJSON has always been the whole array on one line.
  return emit({ rows: [users], json: users, csv: () => toCsv(CSV.map((c) => c.header), users.map((u) => CSV.map((c) => c.cell(u)))), table: () => renderServiceAccounts(users, o) }, o);
}

export function renderServiceAccounts(users: readonly ServiceAccount[], o: JobRenderOptions): string {
  return table(
    o,
    ['User principal name', 'Display name', 'Enabled', `Created (${utcOffset()})`, 'Id'],
    users.map((u) => [text(u.userPrincipalName), text(u.displayName), text(u.accountEnabled), typeof u.createdDateTime === 'string' ? localTime(u.createdDateTime) : '', text(u.id)]),
  );
}
