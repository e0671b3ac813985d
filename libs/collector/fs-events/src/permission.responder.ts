import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { PERMISSION_COUNTERS, ReportRingReader, WorkerControl, createReportRing, workerScripts } from '@fsmon/ffi';
import { ANSWER, AskAnswerer } from './ask.answerer';
import { FanotifyGroup } from './fanotify-group';
import { FsEventsError } from './fs-events.error';
import { withGroupMarks } from './group-marks';
import type { MarkTarget } from './mark-spec';
import { type PermissionRule, type Verdict, compilePermissionTable } from './permission-table';
import type { PermissionAsk, PermissionCounters, PermissionResponderOptions } from './permission.types';
import { PollingWorker } from './polling-worker';
import { ReportCollector } from './report.collector';
import { WakeMark } from './wake-mark';

type WorkerMessage = ({ t: 'ask'; seq: number } & PermissionAsk) | { t: 'fatal'; detail: string } | { t: 'ready' } | { t: 'done' };

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

// A worker asleep in a blocking read() would keep process.exit() waiting (Node joins worker
// threads): on 'exit', every open responder tells its worker to stop and wakes it.
const stopOnExit = new Set<() => void>();
let exitHooked = false;
function onProcessExit(stop: () => void): void {
  stopOnExit.add(stop);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const s of stopOnExit) s();
  });
}

/**
 * A fanotify permission group (FAN_CLASS_CONTENT, unlimited queue) answered by a dedicated worker:
 * read, decide from the rule table, respond, close the event fd, all in the worker (asleep in a
 * blocking read, woken for shutdown through a WakeMark; polling if none can be made). The main thread
 * pushes tables (`setRules`), answers 'ask' rules within the deadline, and receives reports.
 * Every permission event gets exactly one answer; `close()` answers what is pending (bounded).
 * Mark masks should hold permission bits (FAN.OPEN_PERM, FAN.ACCESS_PERM, FAN.OPEN_EXEC_PERM).
 */
export class PermissionResponder extends withGroupMarks(Object) {
  protected readonly group: FanotifyGroup;
  private readonly handle: PollingWorker;
  private readonly port: MessagePort;
  private readonly reports: ReportCollector;
  private readonly defaultVerdict: Verdict;
  private readonly asks: AskAnswerer;
  private readonly wakeMark: WakeMark | null;
  private readonly stopNow = (): void => this.stopWorker();
  private gen = 0;
  private closing: Promise<void> | null = null;
  private fatal: string | null = null;

  private constructor(private readonly options: PermissionResponderOptions) {
    super();
    this.defaultVerdict = options.defaultVerdict ?? 'allow';
    const table = compilePermissionTable(options.rules ?? [], this.defaultVerdict);
    const ring = createReportRing(options.reportRingBytes ?? 1 << 20);
    this.group = FanotifyGroup.open({ class: 'content', report: 'fd', unlimitedQueue: true, unlimitedMarks: options.unlimitedMarks });
    this.wakeMark = WakeMark.create(this.group.fd);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    try {
      this.handle = new PollingWorker({
        script: workerScripts.permission,
        counterSlots: PERMISSION_COUNTERS.length,
        data: {
          fanFd: this.group.fd,
          ring,
          port: port2,
          selfPid: process.pid,
          deadlineMs: options.deadlineMs ?? 250,
          defaultVerdict: ANSWER[this.defaultVerdict],
          shutdownVerdict: ANSWER[options.shutdownVerdict ?? 'allow'],
          report: options.report ?? 'decided',
          canAsk: options.onAsk !== undefined,
          wakeByEvent: this.wakeMark !== null,
          table,
        },
        transferList: [port2],
      });
    } catch (error) {
      this.wakeMark?.close();
      this.group.close();
      this.port.close();
      throw error;
    }
    this.reports = new ReportCollector(new ReportRingReader(ring), options.onReport, options.reportIntervalMs ?? 50);
    this.reports.tableRules(0, table.rules);
    this.asks = new AskAnswerer(this.handle.control, options.onAsk);
    this.port.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.port.unref();
    this.handle.worker.on('error', (error) => (this.fatal ??= error.message));
    void this.handle.exited.then(() => this.onExit());
    onProcessExit(this.stopNow);
  }

  /** Opens the group and starts answering. @throws FsEventsError (needs-privilege, no-fanotify, limit-reached, invalid-argument). */
  static open(options: PermissionResponderOptions = {}): PermissionResponder {
    return new PermissionResponder(options);
  }

  /** Resolves once the worker answers events (events marked earlier simply wait for it). */
  ready(): Promise<void> {
    return this.handle.ready();
  }

  /**
   * Replaces the rule table; the worker takes it after its next read, before deciding what it read
   * (no wake-up needed: until an event comes, no table is used). @throws FsEventsError invalid-argument.
   */
  setRules(rules: readonly PermissionRule[]): void {
    const table = compilePermissionTable(rules, this.defaultVerdict);
    this.gen++;
    this.reports.tableRules(this.gen, table.rules);
    this.port.postMessage({ gen: this.gen, table });
    Atomics.store(this.handle.control, WorkerControl.GEN, this.gen);
  }

  /** Removes every mark of `target`; the wake mark (an inode mark) is put back. */
  override flush(target: MarkTarget | 'all' = 'all'): this {
    super.flush(target);
    if (target === 'all' || target === 'inode') this.wakeMark?.arm();
    return this;
  }

  counters(): PermissionCounters {
    return {
      ...this.handle.snapshot(PERMISSION_COUNTERS),
      lateAnswers: this.asks.lateAnswers,
      askCallbackErrors: this.asks.callbackErrors,
      ...this.reports.counters(),
    };
  }

  /** Reports collected so far, without waiting for the timer (also what `close()` does last). */
  collectReports(): void {
    this.reports.collect();
  }

  /**
   * Stops deciding: removes the marks, lets the worker answer what is queued with the shutdown
   * verdict, then closes the group and every fd. Bounded by `closeTimeoutMs`.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (!this.group.isClosed) this.flush();
    this.stopWorker();
    // After STOP: a worker blocked on an ask then gives the shutdown verdict, not the fail verdict.
    this.asks.release();
    const timeoutMs = this.options.closeTimeoutMs ?? 2000;
    // awaitExit ends with terminate(), which cannot reach a thread blocked in read(): should the
    // wake-up have failed, close() still ends (the group closes; the thread is reported).
    const stopped = await Promise.race([this.handle.awaitExit(timeoutMs).then(() => true), delay(2 * timeoutMs + 1000, false)]);
    if (!stopped) this.options.onError?.(new FsEventsError('failed', 'permission worker did not stop (not woken from read); group closed'));
    this.finish();
  }

  /** STOP, then wake the worker wherever it sleeps (poll: the eventfd; blocking read: the wake mark). */
  private stopWorker(): void {
    this.handle.setState(WorkerControl.STOP);
    this.wakeMark?.wake();
  }

  private finish(): void {
    stopOnExit.delete(this.stopNow);
    this.group.close();
    this.wakeMark?.close();
    this.handle.closeWakeFd();
    this.port.close();
    this.reports.stop();
  }

  private onExit(): void {
    if (this.closing !== null) return;
    // The worker stopped by itself: nobody answers any more, so close the group now (the kernel
    // allows pending events on close) instead of leaving processes blocked.
    this.closing = Promise.resolve().then(() => this.finish());
    this.options.onError?.(new FsEventsError('failed', `permission worker stopped: ${this.fatal ?? 'unknown reason'}; group closed`));
  }

  private onMessage(m: WorkerMessage): void {
    if (m.t === 'ready') this.handle.markReady();
    else if (m.t === 'fatal') this.fatal = m.detail;
    else if (m.t === 'ask') this.asks.answer(m.seq, { pid: m.pid, mask: m.mask, path: m.path, exe: m.exe, comm: m.comm, mntns: m.mntns, rule: m.rule });
  }
}
