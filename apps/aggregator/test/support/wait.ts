import { waitUntil } from '@fsmon/testing';

/** Polls `condition` every 25 ms; rejects after `timeoutMs` with `what()` in the message. */
export async function waitFor(what: () => string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  await waitUntil(what, async () => ((await condition()) ? true : undefined), timeoutMs, 25);
}
