/** Lets a loop sleep until notified or until a timeout, whichever comes first. */
export class Wakeup {
  private pending?: () => void;
  private timer?: NodeJS.Timeout;

  /** Resolves on the next notify(), or after `timeoutMs` when given. */
  wait(timeoutMs?: number): Promise<void> {
    this.notify();
    return new Promise<void>((resolve) => {
      this.pending = resolve;
      if (timeoutMs !== undefined) this.timer = setTimeout(() => this.notify(), timeoutMs);
    });
  }

  notify(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.();
  }
}
