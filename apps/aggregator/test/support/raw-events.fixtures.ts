import type { ContainerIdentity, FileRawEvent, GapRawEvent, HostIdentity, ProcInfo, RawEventBatch } from '@fsmon/contracts';
import { fileRawEvent, gapRawEvent, procInfo } from '@fsmon/testing';

export const HOST: HostIdentity = { id: 'host-1', name: 'node-1' };
export const WEB: ContainerIdentity = { id: 'c-web', name: 'web', image: 'nginx:1.27', labels: { app: 'web' } };
export const DB: ContainerIdentity = { id: 'c-db', name: 'db', image: 'postgres:16', labels: {} };

/** @fsmon/testing's procInfo under the name these specs use: the app's fixtures add no defaults to it. */
export const proc = procInfo;

export interface FileEventSpec {
  id: string;
  path: string;
  container?: ContainerIdentity | null;
  procs?: ProcInfo[];
  at?: Date;
  decision?: FileRawEvent['decision'];
  group?: string;
}

/** A classified `Modified` event as a collector sends it, in container WEB unless `spec.container` says otherwise. */
export function fileEvent(spec: FileEventSpec): FileRawEvent {
  const { at, container, ...rest } = spec;
  return fileRawEvent({ ...rest, at: at?.toISOString(), container: container === undefined ? WEB : container });
}

/** A fanotify overflow that lost `lost` events. */
export function gapEvent(id: string, lost: number): GapRawEvent {
  return gapRawEvent({ id, lost });
}

export function batch(seq: number, events: RawEventBatch['events'], host: HostIdentity = HOST): RawEventBatch {
  return { schema: 1, collectorId: 'col-1', host, seq, events };
}

/** The raw-events key of a batch: `<hostId>/<containerId|host>` of its first event. */
export function batchKey(b: RawEventBatch): string {
  const first = b.events[0];
  const container = first.type === 'file' ? (first.container?.id ?? 'host') : 'host';
  return `${b.host.id}/${container}`;
}
