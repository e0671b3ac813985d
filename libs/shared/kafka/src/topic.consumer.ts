import { Logger, type LoggerService } from '@nestjs/common';
import { isSchemaTopic, type SchemaTopic } from '@fsmon/contracts';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { type KafkaClient, trackedSibling } from './create-kafka';
import type { SocketTracker } from './socket-tracker';
import { EventPublisher } from './event.publisher';
import { toKafkaError } from './kafka-error.mapper';
import { KafkaClosedError, KafkaUnavailableError, KafkaWiringError } from './kafka.errors';
import { MessageProcessor } from './message.processor';
import { OffsetCommitter } from './offset.committer';
import type { DeadLetterCause } from './dead-letter';
import type { CommitMode, ConsumerStats, ConsumerStatus, RawConsumedMessage, TopicConsumerOptions } from './topic-consumer.types';

/**
 * Consumes contract topics in a consumer group, at least once. Every value is validated; a message
 * that fails (not JSON, schema, too big, null) or whose handler keeps throwing goes to
 * `fsmon.dead-letters.v1` with its original key and bytes, is counted, and is committed: a bad
 * message never blocks its partition. Messages of one partition are handled one at a time, in order.
 * Offsets are committed only after a message was handled (or per `commits: 'caller'`, by its owner).
 *
 * Lifecycle: `start()` resolves once the group is joined; `stop()` lets the current message finish,
 * commits what is safe and leaves the group. Stop it before stopping an embedded broker.
 */
export class TopicConsumer {
  readonly topics: SchemaTopic[];
  private readonly consumer: Consumer;
  private readonly mode: CommitMode;
  private readonly committer: OffsetCommitter;
  private readonly abort = new AbortController();
  private readonly current: ConsumerStats;
  private readonly deadLetters: EventPublisher | null;
  private readonly ownsDeadLetters: boolean;
  private readonly processor: MessageProcessor;
  private readonly logger: LoggerService;
  private activeBatch: Promise<void> = Promise.resolve();
  private joined = false;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private readonly sockets?: SocketTracker;

  constructor(
    kafka: KafkaClient,
    private readonly opts: TopicConsumerOptions,
  ) {
    this.topics = [...new Set([...Object.keys(opts.handlers ?? {}), ...Object.keys(opts.rawHandlers ?? {})])] as SchemaTopic[];
    const wrong = this.topics.filter((t) => !isSchemaTopic(t));
    if (this.topics.length === 0 || wrong.length > 0) {
      throw new KafkaWiringError(`consumer ${opts.groupId}: handlers needed for contract topics only (got ${this.topics.join(', ') || 'none'})`);
    }
    this.mode = opts.commits ?? 'after-handler';
    this.committer = new OffsetCommitter(opts.groupId, (points) => this.consumer.commitOffsets(points));
    this.logger = opts.logger ?? new Logger(`TopicConsumer ${opts.groupId}`);
    this.current = { groupId: opts.groupId, topics: this.topics, status: 'idle', messagesIn: 0, deadLettered: 0, skipped: 0, handlerErrors: 0, assignment: {} };
    this.ownsDeadLetters = opts.deadLetters === undefined && opts.readOnly !== true;
    this.deadLetters = opts.readOnly === true ? null : (opts.deadLetters ?? new EventPublisher(kafka));
    const sessionTimeout = opts.sessionTimeoutMs ?? 30_000;
    // Its own client: kafkajs can leave a socket open after disconnect (see SocketTracker).
    const own = trackedSibling(kafka);
    this.sockets = own.sockets;
    this.consumer = own.client.consumer({
      groupId: opts.groupId,
      sessionTimeout,
      heartbeatInterval: opts.heartbeatIntervalMs ?? Math.floor(sessionTimeout / 3),
      maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 200,
      maxBytesPerPartition: opts.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      // kafkajs restarts a crashed consumer on a timer; a crash that lands after stop() began
      // would otherwise bring it back, connected, after the caller was told it stopped.
      retry: { restartOnFailure: async () => !this.abort.signal.aborted },
    });
    this.processor = new MessageProcessor({
      groupId: opts.groupId,
      handlers: opts.handlers ?? {},
      rawHandlers: opts.rawHandlers ?? {},
      retry: { retries: 3, initialDelayMs: 200, maxDelayMs: 5000, ...opts.retry },
      deadLetters: this.deadLetters,
      signal: this.abort.signal,
      stats: this.current,
      logger: this.logger,
    });
    this.watchStatus();
  }

  get status(): ConsumerStatus {
    return this.current.status;
  }

  /** A snapshot of status and counters (for /health and /metrics). */
  stats(): ConsumerStats {
    return { ...this.current, assignment: { ...this.current.assignment } };
  }

  /**
   * Connects, subscribes and joins the group; resolves once joined.
   * @throws KafkaUnavailableError when the first join failed (kafkajs keeps retrying until stop()).
   */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.setStatus('connecting');
      try {
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: this.topics, fromBeginning: this.opts.fromBeginning ?? true });
        await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => this.track(this.onBatch(p)) });
      } catch (e) {
        throw toKafkaError(e, `start consumer ${this.opts.groupId}`);
      }
      if (!this.joined) throw new KafkaUnavailableError(`consumer ${this.opts.groupId} could not join its group: ${this.current.lastError ?? 'unknown error'}`);
    })();
    return this.starting;
  }

  /**
   * `commits: 'caller'` only: every message of the partition up to and including `offset` is done.
   * @throws KafkaCommitError when the broker refused (e.g. the partition moved in a rebalance; its
   *   uncommitted messages are redelivered to the new owner), KafkaClosedError after stop().
   */
  async commit(topic: SchemaTopic, partition: number, offset: string): Promise<void> {
    if (this.mode !== 'caller') throw new KafkaWiringError(`consumer ${this.opts.groupId} commits by itself (commits: 'after-handler')`);
    if (this.stopping) throw new KafkaClosedError(`consumer ${this.opts.groupId} is stopped`);
    this.committer.tracker.release(topic, partition, offset);
    await this.committer.flush();
  }

  /**
   * Sends a message a raw handler's owner could not accept to `fsmon.dead-letters.v1` (original
   * key, bytes and headers, plus the reason) and counts it, as for the consumer's own dead letters.
   * Committing past it stays the owner's job (`commits: 'caller'`).
   * @throws KafkaError when the broker did not take it.
   */
  deadLetter(message: RawConsumedMessage, reason: string, cause: DeadLetterCause): Promise<void> {
    return this.processor.deadLetterRaw(message, reason, cause);
  }

  /** Idempotent. The message in progress finishes (retries are cut short), then the group is left. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      await this.activeBatch;
      await this.committer.flush().catch((e: unknown) => this.logger.warn(`final commit failed: ${(e as Error).message}`));
      await this.consumer.disconnect();
      const left = this.sockets?.closeAll() ?? 0;
      if (left > 0) this.logger.debug?.(`kafkajs left ${left} connection(s) open after disconnect; closing them`);
      if (this.ownsDeadLetters) await this.deadLetters?.disconnect();
      this.setStatus('stopped');
    })();
    return this.stopping;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = batch.topic as SchemaTopic;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || this.abort.signal.aborted) break;
        this.current.messagesIn++;
        const outcome = await this.processor.process(topic, batch.partition, message, heartbeat);
        if (outcome === 'aborted') break;
        if (outcome === 'handled' && this.mode === 'caller') this.committer.tracker.handedOver(topic, batch.partition, message.offset);
        else this.committer.tracker.finished(topic, batch.partition, message.offset);
        resolveOffset(message.offset);
        await heartbeat();
      }
    } finally {
      await this.committer.flush().catch((e: unknown) => this.logger.warn((e as Error).message));
    }
  }

  private track(batch: Promise<void>): Promise<void> {
    this.activeBatch = batch.catch(() => undefined);
    return batch;
  }

  private setStatus(status: ConsumerStatus): void {
    if (this.current.status === status) return;
    this.current.status = status;
    this.opts.onStatus?.(status);
  }

  private watchStatus(): void {
    const { events } = this.consumer;
    const set = (status: ConsumerStatus) => () => {
      if (!this.stopping) this.setStatus(status);
    };
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.current.assignment = payload.memberAssignment;
      this.committer.tracker.reset();
      set('connected')();
    });
    this.consumer.on(events.REBALANCING, set('rebalancing'));
    this.consumer.on(events.CRASH, ({ payload }) => {
      this.current.lastError = payload.error.message;
      set('crashed')();
    });
  }
}
