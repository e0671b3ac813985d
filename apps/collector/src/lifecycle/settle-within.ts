/**
 * Waits for `promise` at most until `deadline` (epoch ms). Resolves true when it settled in time
 * (either way), false when the time ran out first: a shutdown step that must not wait on a
 * broker that is away goes on without it. A rejection after that is ignored.
 */
export async function settleWithin(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
