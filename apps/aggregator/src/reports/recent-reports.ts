import type { MonitorMessage, ReportKind } from '@fsmon/contracts';
import { decodeReport, type OutgoingReport } from './outgoing-report';

/** A filter over recent reports; every given field must match. */
export interface ReportFilter {
  /** Host id or host name, exact. */
  host?: string;
  /** Container id or name, exact; `host` selects the host's own reports. */
  container?: string;
  /** Substring of the report's path list (case-sensitive). */
  path?: string;
  kind?: ReportKind;
  /** Epoch ms; the report's window [startAt, reportedAt] must end at or after it. */
  sinceMs?: number;
  /** Epoch ms; the report's window must start at or before it. */
  untilMs?: number;
  /** Most reports returned, newest first. */
  limit: number;
}

/**
 * The last `capacity` reports this instance published, oldest overwritten first. Per instance by
 * design: the reports topic is the record; this is a quick look for the admin side. Encoded
 * reports are kept as they were sent and decoded only when a query reaches them.
 */
export class RecentReports {
  private readonly ring: (MonitorMessage | OutgoingReport | undefined)[];
  private next = 0;
  private held = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<MonitorMessage | OutgoingReport | undefined>(capacity);
  }

  get size(): number {
    return this.held;
  }

  add(reports: readonly (MonitorMessage | OutgoingReport)[]): void {
    for (const r of reports.length > this.capacity ? reports.slice(-this.capacity) : reports) {
      this.ring[this.next] = r;
      this.next = (this.next + 1) % this.capacity;
      this.held = Math.min(this.held + 1, this.capacity);
    }
  }

  /** Matching reports, newest first, at most `filter.limit`. */
  query(filter: ReportFilter): MonitorMessage[] {
    const out: MonitorMessage[] = [];
    for (let i = 1; i <= this.held && out.length < filter.limit; i++) {
      const r = this.at((this.next - i + this.capacity) % this.capacity);
      if (r !== undefined && matches(r, filter)) out.push(r);
    }
    return out;
  }

  private at(index: number): MonitorMessage | undefined {
    const r = this.ring[index];
    if (r === undefined || !('value' in r && r.value instanceof Uint8Array)) return r as MonitorMessage | undefined;
    const decoded = decodeReport(r as OutgoingReport);
    this.ring[index] = decoded;
    return decoded;
  }
}

function matches(r: MonitorMessage, f: ReportFilter): boolean {
  if (f.host !== undefined && r.host.id !== f.host && r.host.name !== f.host) return false;
  if (f.container !== undefined && !containerMatches(r, f.container)) return false;
  if (f.path !== undefined && !r.path.includes(f.path)) return false;
  if (f.kind !== undefined && r.kind !== f.kind) return false;
  if (f.sinceMs !== undefined && Date.parse(r.reportedAt) < f.sinceMs) return false;
  if (f.untilMs !== undefined && Date.parse(r.startAt) > f.untilMs) return false;
  return true;
}

function containerMatches(r: MonitorMessage, wanted: string): boolean {
  if (r.container === null) return wanted === 'host';
  return r.container.id === wanted || r.container.name === wanted;
}
