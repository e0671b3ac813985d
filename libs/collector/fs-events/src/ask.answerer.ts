import { WorkerControl } from '@fsmon/ffi';
import type { Verdict } from './permission-table';
import type { PermissionAsk } from './permission.types';

export const ANSWER: Record<Verdict, number> = { allow: WorkerControl.ANSWER_ALLOW, deny: WorkerControl.ANSWER_DENY };

/**
 * The main-thread side of the ask slot (WorkerControl.ASK): the worker stores `seq << 2` and waits
 * up to its deadline; an answer is stored with compare-and-swap, so one that comes after the worker
 * gave up (and retired the slot) can never be taken for a later ask. It is counted instead.
 */
export class AskAnswerer {
  lateAnswers = 0;
  callbackErrors = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly onAsk: ((ask: PermissionAsk) => Verdict | Promise<Verdict>) | undefined,
  ) {}

  answer(seq: number, ask: PermissionAsk): void {
    const pending = seq << 2;
    const settle = (code: number): void => {
      if (Atomics.compareExchange(this.control, WorkerControl.ASK, pending, pending | code) === pending) {
        Atomics.notify(this.control, WorkerControl.ASK);
      } else {
        this.lateAnswers++;
      }
    };
    const failed = (): void => {
      this.callbackErrors++;
      settle(WorkerControl.ANSWER_NONE);
    };
    if (this.onAsk === undefined) return settle(WorkerControl.ANSWER_NONE);
    let result: Verdict | Promise<Verdict>;
    try {
      result = this.onAsk(ask);
    } catch {
      return failed();
    }
    Promise.resolve(result).then((v) => (v === 'allow' || v === 'deny' ? settle(ANSWER[v]) : failed()), failed);
  }

  /** Closing: a worker blocked on an ask must not wait out its deadline (it then uses the shutdown verdict). */
  release(): void {
    const slot = Atomics.load(this.control, WorkerControl.ASK);
    if (slot !== 0 && (slot & 3) === 0) {
      Atomics.compareExchange(this.control, WorkerControl.ASK, slot, slot | WorkerControl.ANSWER_NONE);
      Atomics.notify(this.control, WorkerControl.ASK);
    }
  }
}
