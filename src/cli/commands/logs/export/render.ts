import { emit, type EmitOptions } from '../../../output/emit.js';

export interface BundleReport {
  path: string;
  entries: readonly unknown[];
  missing: readonly string[];
}

/** The bundle's path (one line, for people and for `$(…)`), or its report for scripts. */
export function renderBundle(report: BundleReport, o: EmitOptions): string {
  const pathLine = () => `${report.path}\n`;
  return emit({ rows: [report], json: report, csv: pathLine, table: pathLine }, o);
}
