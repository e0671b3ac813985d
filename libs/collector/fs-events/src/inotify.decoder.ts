import * as ffi from '@fsmon/ffi';
import type { InotifyEvent } from './inotify.event';

// Local copies: imported bindings compile to getter calls (`export *`), measurable per event.
const { INOTIFY_EVENT_LEN, IN_IGNORED, IN_Q_OVERFLOW } = ffi;

export interface InotifyDecodeCounters {
  events: number;
  overflows: number;
  decodeErrors: number;
  unknownWatches: number;
}

/**
 * Decodes one read() of an inotify fd (`struct inotify_event` records: i32 wd, u32 mask,
 * u32 cookie, u32 len, then `len` bytes of NUL-padded name). A record whose length runs past the
 * read ends the batch and counts one decode error. `watches` maps wd → watched path; an IN_IGNORED
 * event removes its wd from it after the event is decoded.
 */
export function decodeInotify(buf: Buffer, length: number, watches: Map<number, string>, counters: InotifyDecodeCounters): InotifyEvent[] {
  const out: InotifyEvent[] = [];
  for (let off = 0; off < length; ) {
    if (length - off < INOTIFY_EVENT_LEN) {
      counters.decodeErrors++;
      break;
    }
    const wd = buf.readInt32LE(off);
    const mask = buf.readUInt32LE(off + 4);
    const cookie = buf.readUInt32LE(off + 8);
    const nameLen = buf.readUInt32LE(off + 12);
    const end = off + INOTIFY_EVENT_LEN + nameLen;
    if (end > length) {
      counters.decodeErrors++;
      break;
    }
    let name: string | null = null;
    if (nameLen > 0) {
      const nul = buf.indexOf(0, off + INOTIFY_EVENT_LEN);
      name = buf.toString('utf8', off + INOTIFY_EVENT_LEN, nul < 0 || nul > end ? end : nul);
    }
    off = end;
    counters.events++;
    if (mask & IN_Q_OVERFLOW) {
      counters.overflows++;
      out.push({ kind: 'overflow', mask });
      continue;
    }
    const base = watches.get(wd);
    if (base === undefined) counters.unknownWatches++;
    const path = base === undefined ? null : name === null ? base : base === '/' ? `/${name}` : `${base}/${name}`;
    out.push({ kind: 'file', wd, mask, cookie, name, path });
    if (mask & IN_IGNORED) watches.delete(wd);
  }
  return out;
}
