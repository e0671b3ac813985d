import { isSchemaTopic, type SchemaTopic } from '@fsmon/contracts';
import { BaseRpcContext, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { KafkaClient } from '../create-kafka';
import { KafkaWiringError } from '../kafka.errors';
import { TopicConsumer } from '../topic.consumer';
import type { ConsumedMessage, ConsumerStats, ConsumerStatus, TopicConsumerOptions, TopicHandler, TopicHandlers } from '../topic-consumer.types';
import type { KafkaConsumerRegistry } from './kafka-consumer.registry';

export const FSMON_KAFKA_TRANSPORT = Symbol('FSMON_KAFKA_TRANSPORT');

/** `@Ctx()` of an fsmon event handler: the message's topic, partition, offset, key and headers. */
export class FsmonKafkaContext extends BaseRpcContext<[ConsumedMessage]> {
  getMessage(): ConsumedMessage {
    return this.args[0];
  }
}

export interface FsmonKafkaTransportOptions extends Omit<TopicConsumerOptions, 'handlers' | 'onStatus' | 'commits'> {
  kafka: KafkaClient;
  /** Where /health finds this transport's consumer (KafkaModule provides one). */
  registry?: KafkaConsumerRegistry;
}

/**
 * Nest microservice transport over TopicConsumer: `@EventPattern(Topics.X)` methods receive the
 * already validated value (and an FsmonKafkaContext). Each handled message is committed once the
 * method resolved; a method that throws is retried, then the message is dead-lettered (see
 * TopicConsumer). Listening fails at startup for a pattern that is no contract topic and for
 * `@MessagePattern` (fsmon's topics carry events, not requests).
 */
export class FsmonKafkaTransport extends Server<Record<string, never>, ConsumerStatus> implements CustomTransportStrategy {
  override readonly transportId = FSMON_KAFKA_TRANSPORT;
  private consumer?: TopicConsumer;

  constructor(private readonly options: FsmonKafkaTransportOptions) {
    super();
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (e: unknown) => callback(e),
    );
  }

  async close(): Promise<void> {
    this.options.registry?.remove(this);
    await this.consumer?.stop();
  }

  stats(): ConsumerStats {
    return (
      this.consumer?.stats() ?? { groupId: this.options.groupId, topics: [], status: 'idle', messagesIn: 0, deadLettered: 0, skipped: 0, handlerErrors: 0, assignment: {} }
    );
  }

  on(): never {
    throw new Error('FsmonKafkaTransport has no events: read `status` or stats()');
  }

  /** The underlying TopicConsumer (after listen). */
  unwrap<T>(): T {
    if (!this.consumer) throw new Error('FsmonKafkaTransport is not listening');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const handlers: Partial<Record<SchemaTopic, TopicHandler<SchemaTopic>>> = {};
    for (const [pattern, handler] of this.getHandlers()) {
      if (!handler.isEventHandler) throw new KafkaWiringError(`@MessagePattern('${pattern}') is not supported: use @EventPattern`);
      if (!isSchemaTopic(pattern)) throw new KafkaWiringError(`@EventPattern('${pattern}') names no contract topic`);
      handlers[pattern] = (message) => invoke(handler, message);
    }
    this.consumer = new TopicConsumer(this.options.kafka, {
      ...this.options,
      handlers: handlers as TopicHandlers,
      onStatus: (status) => this._status$.next(status),
    });
    this.options.registry?.add(this);
    await this.consumer.start();
  }
}

/** Nest wraps handlers so a throw becomes an erroring Observable; awaiting it surfaces the error. */
async function invoke(handler: MessageHandler, message: ConsumedMessage): Promise<void> {
  const result: unknown = await handler(message.value, new FsmonKafkaContext([message]));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
