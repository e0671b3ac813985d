import { waitUntil } from './fs.testing';

describe(waitUntil.name, () => {
  it('resolves with the first value the check returns', async () => {
    let calls = 0;
    await expect(waitUntil('the third call', () => (++calls === 3 ? 'done' : undefined), 10_000, 1)).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('names what it waited for, worded when it times out', async () => {
    let state = 'starting';
    const waiting = waitUntil(() => `ready (state: ${state})`, () => undefined, 0, 1);
    state = 'stuck';
    await expect(waiting).rejects.toThrow('timed out after 0 ms waiting for ready (state: stuck)');
  });
});
