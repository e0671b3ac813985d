import type { GroupPolicy } from '@fsmon/contracts';
import type { EventPublisher } from '@fsmon/kafka';
import { loadPolicyConfig } from '../policy.config';
import { PolicyPublisher } from './policy.publisher';

/** Stands in for the Kafka adapter's EventPublisher: records sends, can fail or hold them. */
class RecordingPublisher {
  readonly sends: { key: string; revision: number }[][] = [];
  failures = 0;
  hold?: Promise<void>;

  async publish(_topic: string, messages: { key: string; value: GroupPolicy }[]): Promise<void> {
    await this.hold;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('no broker');
    }
    this.sends.push(messages.map((m) => ({ key: m.key, revision: m.value.revision })));
  }
}

const policy = (name: string, revision: number) => ({ name, revision }) as GroupPolicy;

describe(PolicyPublisher.name, () => {
  function setup(waitMs = 2000) {
    const fake = new RecordingPublisher();
    const config = loadPolicyConfig({ KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379', POLICY_PUSH_WAIT_MS: String(waitMs) });
    const sut = new PolicyPublisher(fake as unknown as EventPublisher, config);
    return { fake, sut };
  }

  it('coalesces pushes made during a send into the next one, latest revision per group, in revision order', async () => {
    const { fake, sut } = setup();
    let release = () => undefined as void;
    fake.hold = new Promise<void>((r) => (release = r));
    const first = sut.push([policy('a', 1)]);
    await new Promise((resolve) => setImmediate(resolve)); // the first send is now in flight (held)
    const later = [sut.push([policy('b', 3)]), sut.push([policy('a', 2)]), sut.push([policy('b', 4)])];
    release();
    expect(await Promise.all([first, ...later])).toEqual(['pushed', 'pushed', 'pushed', 'pushed']);
    expect(fake.sends).toEqual([[{ key: 'a', revision: 1 }], [{ key: 'a', revision: 2 }, { key: 'b', revision: 4 }]]);
    sut.onModuleDestroy();
  });

  it('never sends an older revision after a newer one; a republish repeats the current one only', async () => {
    const { fake, sut } = setup();
    await sut.push([policy('a', 5)]);
    await sut.push([policy('a', 4)]);
    await sut.push([policy('a', 5)]);
    await sut.push([policy('a', 4), policy('b', 1)], { republish: true });
    await sut.push([policy('a', 5)], { republish: true });
    expect(fake.sends).toEqual([[{ key: 'a', revision: 5 }], [{ key: 'b', revision: 1 }], [{ key: 'a', revision: 5 }]]);
    sut.onModuleDestroy();
  });

  it('answers pending when the broker refuses, and retries with backoff until it takes the policies', async () => {
    const { fake, sut } = setup();
    fake.failures = 2;
    expect(await sut.push([policy('a', 1)])).toBe('pending');
    expect(sut.backlog).toBe(1);
    const deadline = Date.now() + 10_000;
    while (fake.sends.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.sends).toEqual([[{ key: 'a', revision: 1 }]]);
    expect(sut.backlog).toBe(0);
    sut.onModuleDestroy();
  });

  it('answers pending after POLICY_PUSH_WAIT_MS while a send hangs', async () => {
    const { fake, sut } = setup(50);
    let release = () => undefined as void;
    fake.hold = new Promise<void>((r) => (release = r));
    expect(await sut.push([policy('a', 1)])).toBe('pending');
    release();
    expect(await sut.push([])).toBe('pushed');
    expect(fake.sends).toEqual([[{ key: 'a', revision: 1 }]]);
    sut.onModuleDestroy();
  });
});
