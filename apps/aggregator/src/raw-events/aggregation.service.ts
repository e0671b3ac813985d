import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Topics } from '@fsmon/contracts';
import { EVENT_PUBLISHER, KAFKA_CLIENT, KafkaConsumerRegistry, type ConsumerStatus, type EventPublisher, type KafkaClient, type RawConsumedMessage } from '@fsmon/kafka';
import { AGGREGATOR_SETTINGS, RECENT_REPORTS } from '../aggregator.di-tokens';
import type { AggregatorSettings } from '../aggregator.env';
import type { RecentReports } from '../reports/recent-reports';
import { ReportOutbox } from '../reports/report.outbox';
import { ReportPublisher } from '../reports/report.publisher';
import type { AggregationSnapshot } from './aggregation.snapshot';
import { EngineStage } from './engine-stage/engine.stage';
import { RawEventsConsumer } from './raw-events.consumer';

/**
 * Runs the grouping engine over this member's raw-event partitions: raw batches in, handed
 * undecoded to the EngineStage's worker threads (decode, validation and grouping happen there, so
 * this thread only fetches), reports out through the ReportOutbox, offsets committed only behind
 * acknowledged reports, windows closed on a `tickMs` timer. Messages the workers reject (invalid,
 * or refused by the engine) are dead-lettered from here, and their partition is not committed past
 * them until the dead letter is acknowledged.
 *
 * Rebalances. After every group join kafkajs resumes each assigned partition from its committed
 * offset, so every live window is dropped then (`dropPartitions` of all partitions) and rebuilt
 * from the re-read events under the same report ids. A join is seen as a status change, as a
 * partition re-delivering an offset already accepted, or as a changed assignment, whichever comes
 * first; ticks pause while the group rebalances so no window of a partition about to move is
 * flushed half-read. A crashed engine worker is replaced, every live window is dropped and the
 * consumer is replaced too, so what the worker held is re-read from the committed offsets.
 *
 * Shutdown (onModuleDestroy): stop accepting, flushAll() (after everything queued to the workers),
 * publish, commit, leave the group, end the workers; the
 * publishing is bounded by `shutdownTimeoutMs`, and what misses it is simply not committed.
 */
@Injectable()
export class AggregationService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly engine: EngineStage;
  readonly outbox: ReportOutbox;
  readonly consumer: RawEventsConsumer;
  private readonly logger = new Logger(AggregationService.name);
  /** Last accepted offset per partition since the last join. */
  private readonly accepted = new Map<number, bigint>();
  private readonly counters = { resyncs: 0, consumerRestarts: 0, skippedWhileStopping: 0, gapEvents: 0 };
  private replacing?: Promise<void>;
  private assignmentSeen = '';
  private rebalancing = true;
  private draining = false;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(AGGREGATOR_SETTINGS) private readonly settings: AggregatorSettings,
    @Inject(KAFKA_CLIENT) kafka: KafkaClient,
    @Inject(EVENT_PUBLISHER) publisher: EventPublisher,
    @Inject(KafkaConsumerRegistry) registry: KafkaConsumerRegistry,
    @Inject(RECENT_REPORTS) recent: RecentReports,
  ) {
    this.engine = new EngineStage(settings.engine, settings.engineStage, {
      onReports: (reports) => this.outbox.add(reports),
      onGap: ({ collectorId, hostId, gap }) => {
        this.counters.gapEvents++;
        this.logger.warn(`collector ${collectorId} on ${hostId} missed events (${gap.reason}, scope ${gap.scope}, lost ${gap.lost ?? 'unknown'}); a rescan follows`);
      },
      deadLetter: (message, rejection) => this.consumer.deadLetter(message, rejection.reason, rejection.cause),
      onCrash: (shard, error) => this.onEngineCrash(shard, error),
      logger: this.logger,
    });
    this.outbox = new ReportOutbox(
      {
        publisher: new ReportPublisher(publisher),
        safeOffsets: () => this.engine.safeCommitOffsets(),
        commit: (offsets) => this.consumer.commit(offsets),
        onPublished: (reports) => recent.add(reports),
        logger: this.logger,
      },
      { queueMax: settings.reports.queueMax, publishBatch: settings.reports.publishBatch },
    );
    this.consumer = new RawEventsConsumer(kafka, publisher, registry, settings.kafka, (m) => this.onBatch(m), (s) => this.onStatus(s));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.settings.engine.tickMs);
    this.consumer.start().catch((e: unknown) => this.logger.error(`raw-events consumer not joined: ${(e as Error).message}`));
  }

  async onModuleDestroy(): Promise<void> {
    this.draining = true;
    clearInterval(this.timer);
    await this.engine.flushAll();
    const { shutdownTimeoutMs } = this.settings.reports;
    if (!(await this.outbox.drain(shutdownTimeoutMs))) {
      this.logger.error(`${this.outbox.pending} report(s) unpublished after ${shutdownTimeoutMs} ms; their events stay uncommitted and will be re-read`);
    }
    this.outbox.close();
    await this.replacing;
    await this.consumer.stop();
    await this.engine.close();
  }

  snapshot(): AggregationSnapshot {
    return {
      member: this.settings.kafka.clientId,
      engine: this.engine.metrics(),
      engineStage: { workers: this.engine.workers, queued: this.engine.queued(), restarts: this.engine.restarts, failure: this.engine.failure },
      outbox: { ...this.outbox.stats, pending: this.outbox.pending, lastError: this.outbox.error },
      consumer: this.consumer.stats(),
      batchesIn: this.engine.batchesIn,
      ...this.counters,
      positions: this.positions(),
      rebalancing: this.rebalancing,
      stopping: this.draining,
    };
  }

  /** Per partition, the next offset this instance will read (partitions read since the last join). */
  positions(): Map<number, bigint> {
    return new Map([...this.accepted].map(([p, o]) => [p, o + 1n]));
  }

  private async onBatch(m: RawConsumedMessage<typeof Topics.RawEvents>): Promise<void> {
    // Bounded memory: wait while the workers are behind or the reports queue is full.
    await this.engine.room();
    await this.outbox.room();
    if (this.draining) {
      // Not accepted and never committed: the partition's next owner reads it.
      this.counters.skippedWhileStopping++;
      return;
    }
    const offset = BigInt(m.offset);
    const last = this.accepted.get(m.partition);
    if (last !== undefined && offset <= last) this.resync(`partition ${m.partition} re-delivered from offset ${m.offset}`);
    this.engine.accept(m);
    this.accepted.set(m.partition, offset);
  }

  private onStatus(status: ConsumerStatus): void {
    switch (status) {
      case 'connected':
        this.resync('group joined');
        this.rebalancing = false;
        break;
      case 'connecting':
      case 'rebalancing':
      case 'crashed':
        this.rebalancing = true;
        break;
      case 'idle':
      case 'stopped':
        break;
    }
  }

  private tick(): void {
    if (this.draining) return;
    this.superviseConsumer();
    if (this.rebalancing) return;
    if (this.assignmentKey() !== this.assignmentSeen) this.resync('assignment changed');
    // A full queue pauses consumption; the windows wait in the engine (bounded by its caps).
    if (!this.outbox.full) this.engine.tick();
    this.outbox.commitIfIdle();
  }

  /** A consumer kafkajs stopped restarting is replaced; the new one re-reads from the committed offsets. */
  private superviseConsumer(): void {
    const limit = Math.max(10_000, 2 * this.settings.kafka.sessionTimeoutMs);
    if (this.replacing || this.consumer.crashedForMs() < limit) return;
    this.logger.error(`raw-events consumer crashed ${this.consumer.crashedForMs()} ms ago (${this.consumer.stats().lastError ?? 'no error'}); replacing it`);
    this.resync('consumer replaced');
    this.counters.consumerRestarts++;
    this.replacing = this.consumer.replace().finally(() => (this.replacing = undefined));
  }

  /** A replaced engine worker lost its windows and queue: drop every window and re-read from the committed offsets. */
  private onEngineCrash(shard: number, error: Error): void {
    this.logger.error(`engine worker ${shard} crashed (${error.message}); replaced, re-reading from the committed offsets`);
    if (this.draining) return;
    this.resync(`engine worker ${shard} crashed`);
    if (this.replacing) return;
    this.counters.consumerRestarts++;
    this.replacing = this.consumer.replace().finally(() => (this.replacing = undefined));
  }

  /** Drops every live window: the group re-delivers their events from the committed offsets. */
  private resync(reason: string): void {
    this.assignmentSeen = this.assignmentKey();
    if (this.accepted.size === 0 && this.engine.size() === 0) return;
    const windows = this.engine.size();
    this.engine.dropPartitions([...this.accepted.keys()]);
    this.accepted.clear();
    this.counters.resyncs++;
    this.logger.log(`${reason}: ${windows} live window(s) dropped, rebuilt from the committed offsets`);
  }

  private assignmentKey(): string {
    return [...this.consumer.assignment()].sort((a, b) => a - b).join(',');
  }
}
