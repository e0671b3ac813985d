// How a bench ends, in one place. Two kinds:
// - runToEnd: a bench that runs in this process and cleans up after itself must then exit 0 on
//   its own, with nothing left running (a leaked socket, timer or child is a bug it should show);
// - runWithCleanup: a bench that leaves children, marks or files behind unless cleaned is ended
//   by force, with `cleanup` on every way out.

/**
 * Runs `bench()`. When it resolves, the process is expected to exit by itself: if it is still
 * alive 5 s later, prints what keeps it (`process.getActiveResourcesInfo()`) and exits 1. When it
 * rejects, prints the error and exits 1. `name` starts each message.
 */
export function runToEnd(name: string, bench: () => Promise<unknown>): void {
  bench().then(
    () => {
      setTimeout(() => {
        console.error(`${name}: still running after 5 s:`, process.getActiveResourcesInfo().join(', '));
        process.exit(1);
      }, 5000).unref();
    },
    (e: unknown) => {
      console.error(`${name} failed:`, e);
      process.exit(1);
    },
  );
}

/**
 * Runs `bench()` and exits: 0 when it resolves, 1 when it rejects (the error printed) or is still
 * running after `limitMinutes`, 130 on SIGINT or SIGTERM. `cleanup` (synchronous: it runs in the
 * process's `exit` event) runs on each of these ways out.
 */
export function runWithCleanup(name: string, limitMinutes: number, cleanup: () => void, bench: () => Promise<unknown>): void {
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  setTimeout(() => {
    console.error(`${name}: gave up after ${limitMinutes} minutes`);
    process.exit(1);
  }, limitMinutes * 60_000).unref();
  bench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`${name} failed:`, e);
      process.exit(1);
    },
  );
}
