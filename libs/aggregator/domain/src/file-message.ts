import {
  FileEvents,
  HOST_GROUP,
  type ContainerIdentity,
  type FileRawEvent,
  type HostIdentity,
  type ProcInfo,
} from '@fsmon/contracts';
import { AggregatorError } from './aggregator.error';
import { isPackageDatabase, isPackageManager } from '@fsmon/rules';
import { ContainerKeys } from './report-key';

/** One event as seen by one of its processes (the seed's per-process MonitorMessage, §4.6 sendMsg). */
export interface FileMessage {
  /** The raw event's id: counts stay once per event when several of its processes land together. */
  readonly eventId: string;
  readonly at: string;
  readonly atMs: number;
  readonly host: HostIdentity;
  readonly container: ContainerIdentity | null;
  /** host and container: what "the same container" means everywhere in the engine. */
  readonly containerKey: string;
  readonly path: string;
  readonly msg: string;
  readonly group: string;
  readonly action: 'violate' | 'deny';
  readonly package: boolean;
  readonly proc: ProcInfo | null;
}

/**
 * Splits a raw event into one message per distinct process (pid and start time), or one message
 * without a process when only inotify or a rescan saw it. A denied process gets action `deny` and
 * the text `File access was denied.`; a denied access is never a package update (nothing was
 * written). The host's group is always `nodes`. `keys` carries the container key over from the
 * previous event (a batch's events share it). Throws `AggregatorError('INVALID_EVENT_TIME')` for
 * an `at` that is not a date (the contract's schema rules that out).
 */
export function toFileMessages(event: FileRawEvent, host: HostIdentity, keys = new ContainerKeys()): FileMessage[] {
  const atMs = Date.parse(event.at);
  if (Number.isNaN(atMs)) throw new AggregatorError('INVALID_EVENT_TIME', `event ${event.id}: bad time "${event.at}"`);
  const cKey = keys.of(host, event.container);
  const group = event.container === null ? HOST_GROUP : event.group;
  const procs: (ProcInfo | null)[] = distinctProcs(event.procs);
  if (procs.length === 0) procs.push(null);
  return procs.map((proc) => {
    const denied = event.decision === 'denied' || proc?.deny === true;
    const msg = denied ? FileEvents.Denied.msg : event.msg;
    const pkg =
      !denied &&
      (event.package || isPackageDatabase(event.path) || (proc !== null && isPackageManager(proc.name, proc.path)));
    return {
      eventId: event.id,
      at: event.at,
      atMs,
      host,
      container: event.container,
      containerKey: cKey,
      path: event.path,
      msg,
      group,
      action: denied ? 'deny' : 'violate',
      package: pkg,
      proc,
    };
  });
}

function distinctProcs(procs: readonly ProcInfo[]): ProcInfo[] {
  // Most events carry one process or none: no set to build for them.
  if (procs.length < 2) return procs.slice();
  const seen = new Set<string>();
  return procs.filter((p) => {
    const id = `${p.pid}:${p.startTime ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
