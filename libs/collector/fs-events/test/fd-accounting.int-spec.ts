// The fd-mode reader worker closes every event fd before the main thread sees the record, so a
// record the decoder then rejects, or an event a consumer ignores, cannot leak its fd; a record
// whose layout cannot be trusted stops the reader (said through onError) instead of reading on.
// The kernel never makes malformed records, so these are hand-made and fed through a FIFO, with
// real fds opened here standing in for the kernel's event fds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAN_EVENT_METADATA_LEN, FAN_NOFD, FAN_OPEN, FAN_Q_OVERFLOW, FANOTIFY_METADATA_VERSION } from '@fsmon/ffi';
import { type TmpDir, makeTmpDir, waitFor } from '@fsmon/testing';
import { type FanotifyDecodeCounters, decodeFanotify } from '../src/fanotify.decoder';
import type { FanotifyEvent } from '../src/fanotify.event';
import { FdReader } from '../src/fd-reader';

interface RecordSpec {
  readonly fd: number;
  readonly mask: number;
  readonly version?: number;
  readonly metadataLen?: number;
}

/** One `struct fanotify_event_metadata` (24 bytes, no info records). */
function record({ fd, mask, version = FANOTIFY_METADATA_VERSION, metadataLen = FAN_EVENT_METADATA_LEN }: RecordSpec): Buffer {
  const b = Buffer.alloc(FAN_EVENT_METADATA_LEN);
  b.writeUInt32LE(FAN_EVENT_METADATA_LEN, 0);
  b[4] = version;
  b.writeUInt16LE(metadataLen, 6);
  b.writeUInt32LE(mask, 8);
  b.writeInt32LE(fd, 16);
  b.writeInt32LE(process.pid, 20);
  return b;
}

/** Whether fd `fd` of this process is (still) open on `file`. */
const openOn = (fd: number, file: string): boolean => {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
  } catch {
    return false;
  }
};

describe('fd-mode reader fd accounting', () => {
  let dir: TmpDir;
  let fifo: number;
  let reader: FdReader | null = null;
  const events: FanotifyEvent[] = [];
  const errors: string[] = [];
  const decoded: FanotifyDecodeCounters = { events: 0, overflows: 0, decodeErrors: 0, unresolvedPaths: 0, strayFds: 0 };

  beforeAll(async () => {
    dir = makeTmpDir('fsmon-fdacct-');
    const fifoPath = path.join(dir.path, 'events');
    execFileSync('mkfifo', [fifoPath], { timeout: 5000 });
    // O_RDWR: a FIFO open for both ends never reports EOF, like a fanotify fd with nothing queued.
    fifo = fs.openSync(fifoPath, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    reader = new FdReader({
      fd: fifo,
      mode: 'fanotify-fd',
      maxDelayMs: 1,
      onBuffer: (buf, length, paths, release) => {
        events.push(...decodeFanotify(buf, length, paths, { dirs: null, counters: decoded, closeFd: () => undefined }));
        release();
      },
      onError: (detail) => errors.push(detail),
    });
    await reader.ready();
  });
  afterAll(async () => {
    await reader?.stop();
    fs.closeSync(fifo);
    dir.remove();
  });

  it('closes the fd of every record, also of one the decoder rejects and of those after it', async () => {
    const files = ['a', 'b', 'c'].map((name) => dir.file(name, name));
    const [a, b, c] = files.map((file) => fs.openSync(file, 'r'));
    // a: fine; an overflow (no fd); b: a metadata length the decoder rejects, which ends the batch
    // for it, so c is never delivered either.
    fs.writeSync(fifo, Buffer.concat([record({ fd: a, mask: FAN_OPEN }), record({ fd: FAN_NOFD, mask: FAN_Q_OVERFLOW }), record({ fd: b, mask: FAN_OPEN, metadataLen: 8 }), record({ fd: c, mask: FAN_OPEN })]));
    // The worker counts a batch before the main thread has the buffer: wait for the decoded outcome.
    await waitFor(() => events.length >= 2 && (reader?.snapshot().fdsClosed ?? 0) >= 3, 'the buffer handed over and decoded');
    expect(events).toEqual([
      { kind: 'file', mask: FAN_OPEN, pid: process.pid, path: files[0], dir: null, name: null, from: null },
      { kind: 'overflow', mask: FAN_Q_OVERFLOW },
    ]);
    expect(decoded).toMatchObject({ events: 2, overflows: 1, decodeErrors: 1 });
    expect(reader?.snapshot()).toMatchObject({ fdsClosed: 3, unresolvedFds: 0, decodeErrors: 0 });
    files.forEach((file, i) => expect(openOn([a, b, c][i], file)).toBe(false));
  });

  it('stops reading at a record of an unknown version, leaving its fd alone, and says so', async () => {
    const file = dir.file('d', 'd');
    const d = fs.openSync(file, 'r');
    try {
      fs.writeSync(fifo, record({ fd: d, mask: FAN_OPEN, version: FANOTIFY_METADATA_VERSION + 1 }));
      await waitFor(() => errors.length === 1, 'the reader to report the record');
      expect(errors[0]).toMatch(/undecodable fanotify record \(version 4, length 24\); reading stopped/);
      expect(reader?.snapshot()).toMatchObject({ decodeErrors: 1, fdsClosed: 3 });
      // The fd field of an unknown layout is not trusted: the fd is not touched.
      expect(openOn(d, file)).toBe(true);
      // And the worker ends on its own: nothing more is read (the kernel makes an fd per event read).
      await reader?.ended();
    } finally {
      fs.closeSync(d);
    }
  });
});
