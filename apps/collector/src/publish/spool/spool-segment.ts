import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, rmSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { SealedBatch } from '../sealed-batch';
import { decodeHead, encodeRecord, RECORD_HEAD_BYTES, recordSize } from './spool-record.codec';

/** One spool file. Counters cover the records not yet acknowledged (from `start` on). */
export interface Segment {
  id: number;
  path: string;
  /** Bytes in the file. */
  size: number;
  /** Offset of the first record not yet acknowledged. */
  start: number;
  records: number;
  events: number;
}

/** Records found damaged or cut short; `events` counts what their heads claimed. */
export interface SpoolLoss {
  records: number;
  events: number;
}

const SCAN_CHUNK_BYTES = 1024 * 1024;
const NAME = /^(\d{16})\.seg$/;

export function segmentName(id: number): string {
  return `${String(id).padStart(16, '0')}.seg`;
}

export function segmentId(name: string): number | undefined {
  const m = NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function segmentPath(dir: string, id: number): string {
  return join(dir, segmentName(id));
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/**
 * Counts a segment's records from `start` by walking the record heads (values are not read; their
 * CRCs are checked when sent). A record cut short by a crash, or a head that makes no sense,
 * ends the segment there: the file is truncated to the last good record and the loss returned.
 */
export function scanSegment(dir: string, id: number, start: number): { segment: Segment; loss: SpoolLoss } {
  const path = segmentPath(dir, id);
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const segment: Segment = { id, path, size, start: Math.min(start, size), records: 0, events: 0 };
    const loss: SpoolLoss = { records: 0, events: 0 };
    let pos = segment.start;
    while (pos < size) {
      const chunk = readAt(fd, pos, Math.min(SCAN_CHUNK_BYTES, size - pos));
      let off = 0;
      let bad = false;
      while (off < chunk.length) {
        const head = decodeHead(chunk, off);
        const remainingInFile = size - pos - off;
        if (!head && chunk.length - off < RECORD_HEAD_BYTES && remainingInFile >= RECORD_HEAD_BYTES) break;
        if (!head || head.size > remainingInFile) {
          loss.records++;
          loss.events += head?.events ?? 0;
          bad = true;
          break;
        }
        segment.records++;
        segment.events += head.events;
        off += head.size;
      }
      pos += off;
      if (bad) {
        ftruncateSync(fd, pos);
        segment.size = pos;
        break;
      }
    }
    return { segment, loss };
  } finally {
    closeSync(fd);
  }
}

/** Writes a whole new segment (it must not exist) and syncs it. */
export function writeSegment(dir: string, id: number, batches: readonly SealedBatch[]): Segment {
  const segment: Segment = { id, path: segmentPath(dir, id), size: 0, start: 0, records: 0, events: 0 };
  const fd = openSync(segment.path, 'wx', 0o600);
  try {
    for (const b of batches) appendRecord(fd, segment, b);
    fdatasyncSync(fd);
  } catch (e) {
    // A partial segment would be delivered on the next start although counted as lost now.
    rmSync(segment.path, { force: true });
    throw e;
  } finally {
    closeSync(fd);
  }
  return segment;
}

/** Appends one record to the open segment file `fd` and counts it; a short write is undone. */
export function appendRecord(fd: number, segment: Segment, batch: SealedBatch): number {
  const size = recordSize(batch);
  const written = writevSync(fd, encodeRecord(batch));
  if (written !== size) {
    ftruncateSync(fd, segment.size);
    throw new Error(`short write (${written} of ${size} bytes)`);
  }
  segment.size += size;
  segment.records++;
  segment.events += batch.events;
  return size;
}
