import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  PERMISSION_COUNTERS,
  ReportRingReader,
  WorkerControl,
  createReportRing,
  workerScripts,
} from '@fsmon/ffi';
import { ANSWER, AskAnswerer } from './ask.answerer';
import { FanotifyGroup } from './fanotify-group';
import { FsEventsError } from './fs-events.error';
import { check, closeFd, libc } from './kernel';
import type { MarkSpec, MarkTarget } from './mark-spec';
import { type PermissionRule, type Verdict, compilePermissionTable } from './permission-table';
import type { PermissionAsk, PermissionCounters, PermissionResponderOptions } from './permission.types';
import { ReportCollector } from './report.collector';

type WorkerMessage = ({ t: 'ask'; seq: number } & PermissionAsk) | { t: 'fatal'; detail: string } | { t: 'ready' } | { t: 'done' };


/**
 * A fanotify permission group (FAN_CLASS_CONTENT, unlimited queue) answered by a dedicated worker:
 * read, decide from the rule table, respond, close the event fd, all in the worker. The main thread
 * pushes tables (`setRules`), answers 'ask' rules within the deadline, and receives reports.
 * Every permission event gets exactly one answer; `close()` answers what is pending (bounded).
 */
export class PermissionResponder {
  private readonly group: FanotifyGroup;
  private readonly control = WorkerControl.createControl();
  private readonly counterSlots = new Float64Array(new SharedArrayBuffer(PERMISSION_COUNTERS.length * 8));
  private readonly wakeFd: number;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;
  private readonly reports: ReportCollector;
  private readonly defaultVerdict: Verdict;
  private readonly asks: AskAnswerer;
  private gen = 0;
  private closing: Promise<void> | null = null;
  private fatal: string | null = null;

  private constructor(private readonly options: PermissionResponderOptions) {
    this.defaultVerdict = options.defaultVerdict ?? 'allow';
    const table = compilePermissionTable(options.rules ?? [], this.defaultVerdict);
    this.group = FanotifyGroup.open({ class: 'content', report: 'fd', unlimitedQueue: true, unlimitedMarks: options.unlimitedMarks });
    try {
      this.wakeFd = check(libc().eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), 'eventfd');
    } catch (error) {
      this.group.close();
      throw error;
    }
    const ring = createReportRing(options.reportRingBytes ?? 1 << 20);
    this.reports = new ReportCollector(new ReportRingReader(ring), options.onReport, options.reportIntervalMs ?? 50);
    this.reports.tableRules(0, table.rules);
    this.asks = new AskAnswerer(this.control, options.onAsk);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerScripts.permission, {
      workerData: {
        fanFd: this.group.fd,
        wakeFd: this.wakeFd,
        control: this.control.buffer,
        counters: this.counterSlots.buffer,
        ring,
        port: port2,
        selfPid: process.pid,
        deadlineMs: options.deadlineMs ?? 250,
        defaultVerdict: ANSWER[this.defaultVerdict],
        shutdownVerdict: ANSWER[options.shutdownVerdict ?? 'allow'],
        report: options.report ?? 'decided',
        canAsk: options.onAsk !== undefined,
        table,
      },
      transferList: [port2],
      trackUnmanagedFds: false,
    });
    this.port.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.port.unref();
    this.worker.on('error', (error) => (this.fatal ??= error.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    void this.exited.then(() => this.onExit());
  }

  /** Opens the group and starts answering. @throws FsEventsError (needs-privilege, no-fanotify, limit-reached, invalid-argument). */
  static open(options: PermissionResponderOptions = {}): PermissionResponder {
    return new PermissionResponder(options);
  }

  /** Resolves once the worker answers events (events marked earlier simply wait for it). */
  ready(): Promise<void> {
    return Promise.race([this.started, this.exited]);
  }

  /** Adds a mark; its mask should hold permission bits (FAN_OPEN_PERM, FAN_ACCESS_PERM, FAN_OPEN_EXEC_PERM). */
  mark(spec: MarkSpec): this {
    this.group.mark(spec);
    return this;
  }

  unmark(spec: MarkSpec): this {
    this.group.unmark(spec);
    return this;
  }

  flush(target: MarkTarget | 'all' = 'all'): this {
    this.group.flush(target);
    return this;
  }

  /** Replaces the rule table; the worker takes it before its next event. @throws FsEventsError invalid-argument. */
  setRules(rules: readonly PermissionRule[]): void {
    const table = compilePermissionTable(rules, this.defaultVerdict);
    this.gen++;
    this.reports.tableRules(this.gen, table.rules);
    this.port.postMessage({ gen: this.gen, table });
    Atomics.store(this.control, WorkerControl.GEN, this.gen);
    WorkerControl.wake(libc(), this.wakeFd);
  }

  counters(): PermissionCounters {
    const worker = Object.fromEntries(PERMISSION_COUNTERS.map((name, i) => [name, this.counterSlots[i]]));
    return {
      ...(worker as Record<(typeof PERMISSION_COUNTERS)[number], number>),
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
    if (!this.group.isClosed) this.group.flush();
    Atomics.store(this.control, WorkerControl.STATE, WorkerControl.STOP);
    WorkerControl.wake(libc(), this.wakeFd);
    this.asks.release();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.options.closeTimeoutMs ?? 2000)));
    if ((await Promise.race([this.exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
    this.finish();
  }

  private finish(): void {
    this.group.close();
    closeFd(this.wakeFd);
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
    if (m.t === 'ready') this.markStarted();
    else if (m.t === 'fatal') this.fatal = m.detail;
    else if (m.t === 'ask') this.asks.answer(m.seq, { pid: m.pid, mask: m.mask, path: m.path, exe: m.exe, comm: m.comm, mntns: m.mntns, rule: m.rule });
  }
}
