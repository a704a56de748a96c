import { Pacer, type PacerOptions } from '../../directory/entra/pacer.js';

/** Graph's reports APIs (auditLogs/provisioning): 5 requests per 10 s per app per tenant. */
export const REPORTS_LIMIT = 5;
export const REPORTS_WINDOW_MS = 10_000;

export class ReportsPacer extends Pacer {
  constructor(o: Partial<PacerOptions> = {}) {
    super({ limit: REPORTS_LIMIT, windowMs: REPORTS_WINDOW_MS, ...o });
  }
}
