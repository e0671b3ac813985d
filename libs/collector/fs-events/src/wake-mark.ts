import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAN_ACCESS, FAN_MARK_ADD } from '@fsmon/ffi';
import { libc } from './kernel';

const ONE_BYTE = Buffer.alloc(1);

/**
 * How the main thread wakes a permission worker that sleeps in a blocking read() of its group (one
 * syscall per answer less than poll + read): a private one-byte file, unlinked at once so that only
 * this fd reaches it, with a FAN_ACCESS mark on the group. Reading its byte queues an event from
 * this process, which the worker reads, counts (wakeUps) and closes. A read of a cached byte does
 * not fail for want of space, as a write could; the event is a notification, so the read never
 * waits for the worker. FAN_MARK_FLUSH removes the mark too; `arm` puts it back.
 */
export class WakeMark {
  private closed = false;

  private constructor(
    private readonly groupFd: number,
    private readonly fd: number,
  ) {}

  /** The file and its mark; null when either cannot be made here (the worker then polls instead). */
  static create(groupFd: number): WakeMark | null {
    let dir: string | null = null;
    let fd = -1;
    try {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-wake-'));
      const file = path.join(dir, 'wake');
      fd = fs.openSync(file, 'w+', 0o600);
      fs.unlinkSync(file);
      if (fs.writeSync(fd, ONE_BYTE, 0, 1, 0) !== 1) throw new Error('short write');
      const wake = new WakeMark(groupFd, fd);
      if (wake.arm()) return wake;
    } catch {
      // fall through: no wake mark, the worker polls
    } finally {
      if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (fd >= 0) fs.closeSync(fd);
    return null;
  }

  /** (Re)places the mark on the group; false when the kernel refused. */
  arm(): boolean {
    return !this.closed && libc().fanotify_mark(this.groupFd, FAN_MARK_ADD, FAN_ACCESS, this.fd, null) === 0;
  }

  /** Queues a wake-up event for the worker; false when the write failed. */
  wake(): boolean {
    if (this.closed) return false;
    try {
      return fs.readSync(this.fd, Buffer.alloc(1), 0, 1, 0) === 1;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}
