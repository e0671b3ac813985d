import { accessSync, closeSync, constants, fdatasyncSync, mkdirSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import type { SealedBatch } from '../sealed-batch';
import { spoolIo } from './spool.error';
import { readCursor, saveCursor } from './spool-cursor';
import { lockSpool, unlockSpool } from './spool-lock';
import { decodeHead, decodeRecord } from './spool-record.codec';
import { appendRecord, readAt, scanSegment, segmentId, segmentPath, writeSegment, type Segment, type SpoolLoss } from './spool-segment';

export interface SpoolOptions {
  dir: string;
  /** Most bytes the segment files may take together. */
  maxBytes: number;
  /** A segment is closed and a new one started past this size (kept to at most maxBytes / 4). */
  segmentBytes: number;
}

/** A batch read from the spool; pass it back to `ack` once delivered. */
export interface SpooledBatch extends SealedBatch {
  readonly size: number;
}

export interface SpoolStats {
  segments: number;
  batches: number;
  events: number;
  /** Bytes of the segment files, acknowledged records of the first one included. */
  diskBytes: number;
}

const FIRST_ID = 1_000_000_000_000;
const MIN_READ_BYTES = 64 * 1024;

/**
 * An on-disk FIFO of sealed batches: append-only segment files in one directory, plus a cursor
 * file with the acknowledged prefix of each segment. Survives a restart (and a crash: a record
 * cut short is found and dropped by `open`); records are CRC-checked when read. Written without
 * fsync per record (the page cache survives a process crash, not a power cut); segments are
 * synced when closed. File I/O is synchronous on purpose: appends go to the page cache in
 * microseconds, and one caller doing them in order is what keeps the FIFO simple and exact.
 * The directory is locked to one process (see lockSpool).
 * @throws SpoolError (code SPOOL_IO) from open/append/prepend when the file system refuses.
 */
export class Spool {
  private segments: Segment[] = [];
  private tailFd?: number;
  private nextId = FIRST_ID;
  private disk = 0;
  private readonly segmentBytes: number;

  constructor(private readonly opts: SpoolOptions) {
    this.segmentBytes = Math.max(MIN_READ_BYTES, Math.min(opts.segmentBytes, Math.floor(opts.maxBytes / 4)));
  }

  /** Creates the directory or recovers what it holds; returns the damaged records it dropped. */
  open(): SpoolLoss {
    const loss: SpoolLoss = { records: 0, events: 0 };
    this.io('open the spool directory', () => {
      mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
      accessSync(this.opts.dir, constants.R_OK | constants.W_OK);
      lockSpool(this.opts.dir);
    });
    const starts = readCursor(this.opts.dir);
    const ids = this.io('list the spool directory', () => readdirSync(this.opts.dir))
      .map(segmentId)
      .filter((id): id is number => id !== undefined)
      .sort((a, b) => a - b);
    for (const id of ids) {
      const { segment, loss: l } = this.io(`scan segment ${id}`, () => scanSegment(this.opts.dir, id, starts[id] ?? 0));
      loss.records += l.records;
      loss.events += l.events;
      if (segment.records === 0) this.io('remove a spent segment', () => unlinkSync(segment.path));
      else this.segments.push(segment);
    }
    this.disk = this.segments.reduce((n, s) => n + s.size, 0);
    this.nextId = ids.length > 0 ? ids[ids.length - 1] + 1 : FIRST_ID;
    this.saveCursor();
    return loss;
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /** Whether a batch of `size` record bytes (see recordSize) fits under maxBytes. */
  fits(size: number): boolean {
    return this.disk + size <= this.opts.maxBytes;
  }

  /** Appends at the end. The caller checked `fits`. */
  append(batch: SealedBatch): void {
    let tail = this.segments[this.segments.length - 1];
    if (!tail || tail.size >= this.segmentBytes || this.tailFd === undefined) tail = this.openTail(tail);
    const fd = this.tailFd as number;
    this.disk += this.io('append to the spool', () => appendRecord(fd, tail, batch));
  }

  /** Puts batches before everything spooled (used at shutdown for older batches held in memory). */
  prepend(batches: readonly SealedBatch[]): void {
    if (batches.length === 0) return;
    if (this.segments.length === 0) return batches.forEach((b) => this.append(b));
    const segment = this.io('write a segment', () => writeSegment(this.opts.dir, this.segments[0].id - 1, batches));
    this.segments.unshift(segment);
    this.disk += segment.size;
    this.saveCursor();
  }

  /**
   * The oldest unacknowledged batches, at most `maxCount` and (past the first) `maxBytes` of
   * record bytes, from the first segment only. Damaged records met first are skipped (as if
   * acknowledged) and returned in `lost`.
   */
  peek(maxCount: number, maxBytes: number): { batches: SpooledBatch[]; lost: SpoolLoss } {
    const lost: SpoolLoss = { records: 0, events: 0 };
    const batches: SpooledBatch[] = [];
    while (batches.length === 0 && this.segments.length > 0) {
      const head = this.segments[0];
      let buf = this.read(head, head.start, Math.max(maxBytes, MIN_READ_BYTES));
      let off = 0;
      let bytes = 0;
      while (off < buf.length && batches.length < maxCount && (batches.length === 0 || bytes < maxBytes)) {
        const h = decodeHead(buf, off);
        if (!h || head.start + off + h.size > head.size) {
          if (batches.length > 0) break;
          this.dropRest(head, lost);
          break;
        }
        if (off + h.size > buf.length) {
          if (batches.length > 0) break;
          buf = this.read(head, head.start, h.size);
        }
        const d = decodeRecord(buf, off, h);
        if (!d.ok) {
          if (batches.length > 0) break;
          lost.records++;
          lost.events += d.events;
          this.advance(d.size, d.events);
          this.saveCursor();
          break;
        }
        batches.push({ ...d.batch, size: d.size });
        bytes += d.size;
        off += d.size;
      }
    }
    return { batches, lost };
  }

  /** The batches, as returned by `peek` and in that order, were delivered. */
  ack(batches: readonly SpooledBatch[]): void {
    for (const b of batches) this.advance(b.size, b.events);
    this.saveCursor();
  }

  stats(): SpoolStats {
    return {
      segments: this.segments.length,
      batches: this.segments.reduce((n, s) => n + s.records, 0),
      events: this.segments.reduce((n, s) => n + s.events, 0),
      diskBytes: this.disk,
    };
  }

  /** Syncs and closes the current segment and releases the directory; it can be opened again later. */
  close(): void {
    this.closeTail();
    this.io('release the spool directory', () => unlockSpool(this.opts.dir));
  }

  private closeTail(): void {
    if (this.tailFd === undefined) return;
    const fd = this.tailFd;
    this.tailFd = undefined;
    this.io('close the spool', () => {
      fdatasyncSync(fd);
      closeSync(fd);
    });
  }

  private openTail(current: Segment | undefined): Segment {
    if (current && this.tailFd === undefined && current.size < this.segmentBytes) {
      this.tailFd = this.io('reopen a segment', () => openSync(current.path, 'a', 0o600));
      return current;
    }
    this.closeTail();
    const id = this.nextId++;
    const segment: Segment = { id, path: segmentPath(this.opts.dir, id), size: 0, start: 0, records: 0, events: 0 };
    this.tailFd = this.io('create a segment', () => openSync(segment.path, 'wx', 0o600));
    this.segments.push(segment);
    return segment;
  }

  private read(segment: Segment, position: number, length: number): Buffer {
    return this.io(`read segment ${segment.id}`, () => {
      const fd = openSync(segment.path, 'r');
      try {
        return readAt(fd, position, Math.min(length, segment.size - position));
      } finally {
        closeSync(fd);
      }
    });
  }

  private advance(size: number, events: number): void {
    const head = this.segments[0];
    head.start += size;
    head.records--;
    head.events -= events;
    if (head.start >= head.size) this.removeHead();
  }

  private dropRest(head: Segment, lost: SpoolLoss): void {
    lost.records += head.records;
    lost.events += head.events;
    this.removeHead();
    this.saveCursor();
  }

  private removeHead(): void {
    const head = this.segments.shift() as Segment;
    if (this.segments.length === 0) this.closeTail();
    this.io('remove a spent segment', () => unlinkSync(head.path));
    this.disk -= head.size;
  }

  private saveCursor(): void {
    this.io('save the spool cursor', () => saveCursor(this.opts.dir, this.segments));
  }

  private io<T>(what: string, action: () => T): T {
    return spoolIo(this.opts.dir, what, action);
  }
}
