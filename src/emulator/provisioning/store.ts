/**
 * The tenant's provisioning log: records kept ordered by activityDateTime (then arrival), the
 * newest N only (Entra keeps 30 days; a bound keeps the emulator's memory and state file in
 * check). A record added again with the same id replaces the old one.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';

export const DEFAULT_MAX_RECORDS = 100_000;

export interface ProvisioningLogJson {
  maxRecords: number;
  /** Oldest first. */
  records: ProvisioningObjectSummary[];
}

export interface StoredRecord {
  readonly record: ProvisioningObjectSummary;
  /** activityDateTime in ms. */
  readonly time: number;
  /** Arrival order: breaks ties between records of the same instant. */
  readonly seq: number;
}

/** Sort key order: time, then seq. */
export const compareStored = (a: { time: number; seq: number }, b: { time: number; seq: number }): number => a.time - b.time || a.seq - b.seq;

function checkMax(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxRecords must be a positive integer (got ${n})`);
  return n;
}

export class ProvisioningLogStore {
  /** Oldest first. */
  private entries: StoredRecord[] = [];
  private readonly byId = new Map<string, StoredRecord>();
  private seq = 0;
  private max: number;
  /** Called after records were added (the state schedules a save). */
  onChange: () => void = () => {};

  constructor(opts: { maxRecords?: number } = {}) {
    this.max = checkMax(opts.maxRecords ?? DEFAULT_MAX_RECORDS);
  }

  get maxRecords(): number {
    return this.max;
  }

  /** Changes the bound; the oldest records beyond it go at once. */
  setMaxRecords(n: number): void {
    this.max = checkMax(n);
    if (this.trim()) this.onChange();
  }

  private trim(): boolean {
    if (this.entries.length <= this.max) return false;
    for (const gone of this.entries.splice(0, this.entries.length - this.max)) {
      if (this.byId.get(gone.record.id) === gone) this.byId.delete(gone.record.id);
    }
    return true;
  }

  get size(): number {
    return this.entries.length;
  }

  add(records: readonly ProvisioningObjectSummary[]): void {
    if (records.length === 0) return;
    let replaced = false;
    let inOrder = true;
    for (const record of records) {
      const time = Date.parse(record.activityDateTime);
      if (!Number.isFinite(time)) throw new RangeError(`provisioning record ${record.id}: activityDateTime "${record.activityDateTime}" is not a date-time`);
      if (this.byId.has(record.id)) replaced = true;
      const e: StoredRecord = { record, time, seq: ++this.seq };
      const last = this.entries[this.entries.length - 1];
      if (last !== undefined && compareStored(last, e) > 0) inOrder = false;
      this.entries.push(e);
      this.byId.set(record.id, e);
    }
    if (replaced) this.entries = this.entries.filter((e) => this.byId.get(e.record.id) === e);
    if (!inOrder) this.entries.sort(compareStored);
    this.trim();
    this.onChange();
  }

  get(id: string): ProvisioningObjectSummary | undefined {
    return this.byId.get(id)?.record;
  }

  /** Oldest first: the live list, read it at once (adds reorder and trim it). */
  all(): readonly StoredRecord[] {
    return this.entries;
  }

  /** Every record, newest first. */
  newestFirst(): ProvisioningObjectSummary[] {
    return this.entries.map((e) => e.record).reverse();
  }

  clear(): void {
    this.entries = [];
    this.byId.clear();
    this.onChange();
  }

  toJSON(): ProvisioningLogJson {
    return { maxRecords: this.maxRecords, records: this.entries.map((e) => e.record) };
  }

  static fromJSON(j: ProvisioningLogJson, opts: { maxRecords?: number } = {}): ProvisioningLogStore {
    const store = new ProvisioningLogStore({ maxRecords: opts.maxRecords ?? j.maxRecords });
    store.add(j.records ?? []);
    return store;
  }
}
