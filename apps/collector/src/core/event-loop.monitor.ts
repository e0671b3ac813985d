import { type EventLoopUtilization, performance } from 'node:perf_hooks';

const TICK_MS = 10;
const WINDOW_MS = 1000;

/**
 * The longest the event loop went without a turn (a burst handled in one go blocks timers, HTTP
 * answers and permission work). Measured between two ticks of a 10 ms timer as the event loop's
 * active time (performance.eventLoopUtilization), capped by the CPU time the process used meanwhile
 * — not as timer lateness (monitorEventLoopDelay): a process stopped (SIGSTOP, a frozen cgroup) is
 * late but not blocked, and must not count. Precision: about one tick. `recentMaxMs` covers the
 * current and the previous second, so a reader polling at least once a second sees every block;
 * `maxMs` is since start.
 */
export class EventLoopMonitor {
  private timer: NodeJS.Timeout | null = null;
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private lastCpu = process.cpuUsage();
  private windowStart = performance.now();
  private current = 0;
  private previous = 0;
  maxMs = 0;

  start(): void {
    if (this.timer !== null) return;
    this.last = performance.eventLoopUtilization();
    this.lastCpu = process.cpuUsage();
    this.windowStart = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  get recentMaxMs(): number {
    return Math.max(this.current, this.previous);
  }

  private tick(): void {
    const now = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
    const active = Math.min(now.active - this.last.active, cpuMs);
    this.last = now;
    this.lastCpu = cpu;
    const at = performance.now();
    if (at - this.windowStart >= WINDOW_MS) {
      // A block is counted in the window of the tick that ends it, so it stays visible one to two seconds.
      this.previous = this.current;
      this.current = 0;
      this.windowStart = at;
    }
    if (active > this.current) this.current = active;
    if (active > this.maxMs) this.maxMs = active;
  }
}
