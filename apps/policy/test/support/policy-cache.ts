import { type GroupPolicy, Topics } from '@fsmon/contracts';
import { type KafkaClient, TopicConsumer } from '@fsmon/kafka';
import { quietLogger, TEST_CONSUMER_SETTINGS } from '@fsmon/testing';

/**
 * A minimal collector-side rule cache: reads `fsmon.policy.v1` from the beginning in its own group
 * and keeps the latest policy per group (a lower revision than the one held is ignored, a
 * tombstone removes the group). `appliedRevision` is the highest revision applied.
 */
export class PolicyCache {
  readonly groups = new Map<string, GroupPolicy>();
  appliedRevision = 0;
  private readonly consumer: TopicConsumer;

  constructor(
    kafka: KafkaClient,
    groupId: string,
    private readonly onApply: (policy: GroupPolicy) => void = () => undefined,
  ) {
    this.consumer = new TopicConsumer(kafka, {
      groupId,
      ...TEST_CONSUMER_SETTINGS,
      handlers: { [Topics.Policy]: (m) => this.apply(m.value) },
      logger: quietLogger,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private apply(policy: GroupPolicy): void {
    const held = this.groups.get(policy.name);
    if (held && held.revision > policy.revision) return;
    if (policy.deleted) this.groups.delete(policy.name);
    else this.groups.set(policy.name, policy);
    this.appliedRevision = Math.max(this.appliedRevision, policy.revision);
    this.onApply(policy);
  }
}
