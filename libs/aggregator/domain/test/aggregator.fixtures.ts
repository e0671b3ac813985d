import { FileRawEvent, MonitorMessage, ProcInfo, type ContainerIdentity, type HostIdentity } from '@fsmon/contracts';
import { fileRawEvent, gapRawEvent, procInfo } from '@fsmon/testing';
import { ManualClock, ReportAggregator, type AggregatorConfig } from '../src';

/** Builders and a driver for the aggregator's specs (outside src: never built or exported). */
export const HOST: HostIdentity = { id: 'host-1', name: 'node-1' };
export const T0 = Date.parse('2025-03-01T10:00:00.000Z');
export const WEB: ContainerIdentity = { id: 'c-web', name: 'web', image: 'nginx', labels: {} };
export const DB: ContainerIdentity = { id: 'c-db', name: 'db', image: 'postgres', labels: {} };

/** A process run as `<name> -x` (checked against the contract). */
export function proc(name: string, pid: number, extra: Partial<ProcInfo> = {}): ProcInfo {
  return ProcInfo.parse(procInfo(name, pid, { cmds: [name, '-x'], ...extra }));
}

export interface EventSpec {
  /** Seconds after T0 of the event's `at` (and of the clock when it is accepted). */
  readonly t: number;
  readonly path?: string;
  readonly msg?: string;
  readonly procs?: ProcInfo[];
  readonly container?: ContainerIdentity | null;
  readonly decision?: 'none' | 'allowed' | 'denied';
  readonly group?: string;
  readonly partition?: number;
  readonly pkg?: boolean;
}

/** Drives one engine with a manual clock; every report it returns is checked against the contract. */
export class Driver {
  readonly clock = new ManualClock(T0);
  readonly engine: ReportAggregator;
  readonly reports: MonitorMessage[] = [];
  private readonly offsets = new Map<number, number>();
  private seq = 0;

  constructor(config: Partial<AggregatorConfig> = {}) {
    this.engine = new ReportAggregator(config, this.clock);
  }

  /** The event built from `spec`, with the next offset of its partition. */
  event(spec: EventSpec): { event: FileRawEvent; partition: number; offset: string } {
    const partition = spec.partition ?? 0;
    const offset = this.offsets.get(partition) ?? 0;
    this.offsets.set(partition, offset + 1);
    const event = FileRawEvent.parse(
      fileRawEvent({
        id: `col-1:${++this.seq}`,
        at: iso(spec.t),
        container: spec.container === undefined ? WEB : spec.container,
        path: spec.path,
        msg: spec.msg,
        group: spec.group,
        decision: spec.decision,
        package: spec.pkg,
        procs: spec.procs,
      }),
    );
    return { event, partition, offset: String(offset) };
  }

  /** Accepts the event at its own time (the clock never goes back); returns its reports. */
  send(spec: EventSpec): MonitorMessage[] {
    this.at(spec.t);
    const { event, partition, offset } = this.event(spec);
    return this.keep(this.engine.accept(event, HOST, { partition, offset }));
  }

  gap(t: number, lost?: number, partition = 0): MonitorMessage[] {
    this.at(t);
    const offset = this.offsets.get(partition) ?? 0;
    this.offsets.set(partition, offset + 1);
    const gap = gapRawEvent({ id: `col-1:${++this.seq}`, at: iso(t), lost });
    return this.keep(this.engine.accept(gap, HOST, { partition, offset: String(offset) }));
  }

  /** Moves the clock to `t` seconds after T0 and ticks. */
  tickAt(t: number): MonitorMessage[] {
    this.at(t);
    return this.keep(this.engine.tick());
  }

  /** Ticks every 5 s from the clock's time up to `t`; returns everything flushed. */
  runUntil(t: number): MonitorMessage[] {
    const out: MonitorMessage[] = [];
    for (let s = Math.ceil((this.clock.now() - T0) / 5000) * 5; s <= t; s += 5) out.push(...this.tickAt(s));
    return out;
  }

  flushAll(): MonitorMessage[] {
    return this.keep(this.engine.flushAll());
  }

  keep(reports: MonitorMessage[]): MonitorMessage[] {
    for (const r of reports) MonitorMessage.parse(r);
    this.reports.push(...reports);
    return reports;
  }

  private at(t: number): void {
    const target = T0 + t * 1000;
    if (target > this.clock.now()) this.clock.advance(target - this.clock.now());
  }
}

export const iso = (t: number): string => new Date(T0 + t * 1000).toISOString();

/** A report without its send time, for comparing runs at different paces. */
export const withoutTime = (r: MonitorMessage): Omit<MonitorMessage, 'reportedAt'> => {
  const copy: Partial<MonitorMessage> = { ...r };
  delete copy.reportedAt;
  return copy as Omit<MonitorMessage, 'reportedAt'>;
};

export const byId = (a: { reportId: string }, b: { reportId: string }): number => a.reportId.localeCompare(b.reportId);
