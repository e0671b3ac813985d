import * as ffi from '@fsmon/ffi';
import type { DirRef } from './dir-handle.cache';
import type { FanotifyEvent, FanotifyLocation } from './fanotify.event';

// Local copies: imported bindings compile to getter calls (`export *`), measurable per event.
const { FAN_DELETE, FAN_DELETE_SELF, FAN_EVENT_INFO_TYPE_DFID, FAN_EVENT_INFO_TYPE_DFID_NAME, FAN_EVENT_INFO_TYPE_NEW_DFID_NAME, FAN_EVENT_INFO_TYPE_OLD_DFID_NAME, FAN_EVENT_METADATA_LEN, FAN_MOVE_SELF, FAN_MOVED_FROM, FAN_MOVED_TO, FAN_ONDIR, FAN_Q_OVERFLOW, FAN_RENAME, FANOTIFY_METADATA_VERSION, MAX_HANDLE_SZ } = ffi;

/** Resolves the directory named by a `fsid + struct file_handle` byte range. */
export interface DirResolver {
  lookup(buf: Buffer, start: number, end: number): DirRef;
  /** A directory moved or disappeared: cached paths may be wrong. */
  invalidate(): void;
}

/** Counters the decoder adds to (owned by the source). */
export interface FanotifyDecodeCounters {
  events: number;
  overflows: number;
  decodeErrors: number;
  unresolvedPaths: number;
  strayFds: number;
}

export interface FanotifyDecodeContext {
  /** FID mode when set; fd mode (paths from the reader) when null. */
  readonly dirs: DirResolver | null;
  readonly counters: FanotifyDecodeCounters;
  /** An FID-mode event unexpectedly carried an fd: it must still be closed. */
  closeFd(fd: number): void;
}

const DIR_CHANGE = FAN_MOVED_FROM | FAN_MOVED_TO | FAN_DELETE | FAN_DELETE_SELF | FAN_MOVE_SELF | FAN_RENAME;
const INFO_HEADER = 4;
const FID_FIXED = INFO_HEADER + 8 + 8; // header, fsid, handle_bytes + handle_type

function join(dir: DirRef, name: string): string | null {
  if (dir.path === null) return null;
  if (name === '.') return dir.path;
  return dir.path === '/' ? `/${name}` : `${dir.path}/${name}`;
}

// The directory record being decoded (module state: the decoder is synchronous and not reentrant).
let infoDir: DirRef | null = null;
let infoName = '';

/** Decodes the directory info record at `p` into infoDir/infoName; false when it is malformed. */
function readDirRecord(buf: Buffer, p: number, len: number, type: number, dirs: DirResolver): boolean {
  if (len < FID_FIXED) return false;
  const handleBytes = buf.readUInt32LE(p + 12);
  const handleEnd = p + FID_FIXED + handleBytes;
  const end = p + len;
  if (handleBytes > MAX_HANDLE_SZ || handleEnd > end) return false;
  infoDir = dirs.lookup(buf, p + INFO_HEADER, handleEnd);
  if (type === FAN_EVENT_INFO_TYPE_DFID) {
    infoName = '.';
    return true;
  }
  let nul = handleEnd;
  while (nul < end && buf[nul] !== 0) nul++;
  if (nul === end) return false;
  // No encoding: toString's UTF-8 default, which skips the encoding lookup (per event).
  infoName = buf.toString(undefined, handleEnd, nul);
  return true;
}

/**
 * Decodes one read() of a fanotify group: explicit length and FANOTIFY_METADATA_VERSION checks on
 * every record. A record that fails them ends the batch (its length cannot be trusted) and counts
 * one decode error; a malformed info record drops only its event (counted).
 * `paths[i]`: fd mode, the reader's readlink of the i-th record's fd.
 */
export function decodeFanotify(
  buf: Buffer,
  length: number,
  paths: ReadonlyArray<string | null> | null,
  ctx: FanotifyDecodeContext,
): FanotifyEvent[] {
  const out: FanotifyEvent[] = [];
  const { counters, dirs } = ctx;
  for (let off = 0, i = 0; off < length; i++) {
    const len = length - off >= FAN_EVENT_METADATA_LEN ? buf.readUInt32LE(off) : 0;
    const metaLen = len > 0 ? buf.readUInt16LE(off + 6) : 0;
    if (len < FAN_EVENT_METADATA_LEN || off + len > length || buf[off + 4] !== FANOTIFY_METADATA_VERSION || metaLen < FAN_EVENT_METADATA_LEN || metaLen > len) {
      counters.decodeErrors++;
      break;
    }
    const mask = buf.readUInt32LE(off + 8) + buf.readUInt32LE(off + 12) * 0x100000000;
    const fd = buf.readInt32LE(off + 16);
    const pid = buf.readInt32LE(off + 20);
    const end = off + len;
    const info = off + metaLen;
    off = end;
    counters.events++;
    if (mask & FAN_Q_OVERFLOW) {
      counters.overflows++;
      out.push({ kind: 'overflow', mask });
      continue;
    }
    if (dirs === null) {
      const path = paths?.[i] ?? null;
      if (path === null) counters.unresolvedPaths++;
      out.push({ kind: 'file', mask, pid, path, dir: null, name: null, from: null });
      continue;
    }
    if (fd >= 0) {
      counters.strayFds++;
      ctx.closeFd(fd);
    }
    let dir: DirRef | null = null;
    let name: string | null = null;
    let from: FanotifyLocation | null = null;
    let bad = false;
    for (let p = info; p + INFO_HEADER <= end; ) {
      const type = buf[p];
      const infoLen = buf.readUInt16LE(p + 2);
      if (infoLen < INFO_HEADER || p + infoLen > end) {
        bad = true;
        break;
      }
      if (type === FAN_EVENT_INFO_TYPE_DFID_NAME || type === FAN_EVENT_INFO_TYPE_DFID || type === FAN_EVENT_INFO_TYPE_NEW_DFID_NAME || type === FAN_EVENT_INFO_TYPE_OLD_DFID_NAME) {
        if (!readDirRecord(buf, p, infoLen, type, dirs)) {
          bad = true;
          break;
        }
        if (type === FAN_EVENT_INFO_TYPE_OLD_DFID_NAME) {
          from = { dir: infoDir as DirRef, name: infoName, path: join(infoDir as DirRef, infoName) };
        } else if (dir === null) {
          dir = infoDir;
          name = infoName;
        }
      }
      p += infoLen;
    }
    if (bad) {
      counters.decodeErrors++;
      continue;
    }
    const path = dir === null || name === null ? null : join(dir, name);
    if (path === null) counters.unresolvedPaths++;
    out.push({ kind: 'file', mask, pid, path, dir, name, from });
    if (mask & FAN_ONDIR && mask & DIR_CHANGE) dirs.invalidate();
  }
  return out;
}
