import { loadLibc, type Libc } from '@fsmon/ffi';
import { type ErrorContext, type KernelOperation, kernelError } from './fs-events.error';

/** libc for this thread (bound on first use). */
export function libc(): Libc {
  return loadLibc();
}

/** Returns `result`, or throws the named error for the errno of the call that produced it. */
export function check(result: number, op: KernelOperation, ctx: ErrorContext = {}): number {
  if (result < 0) throw kernelError(op, libc().errno(), ctx);
  return result;
}

/** Closes `fd` and reports whether the kernel accepted it (it releases the fd either way). */
export function closeFd(fd: number): boolean {
  return fd >= 0 && libc().close(fd) === 0;
}
