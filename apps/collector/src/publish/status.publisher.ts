import { Logger, type LoggerService } from '@nestjs/common';
import { Topics, type CollectorStatus } from '@fsmon/contracts';
import type { EventPublisher } from '@fsmon/kafka';
import type { CollectorIdentity } from './collector-identity';
import { settleWithin } from '../lifecycle/settle-within';

/** What the collector reports; StatusPublisher adds identity, version and times. */
export type StatusSnapshot = Omit<CollectorStatus, 'collectorId' | 'host' | 'version' | 'startedAt' | 'at'>;

export interface StatusPublisherOptions {
  /** Period of the heartbeat (STATUS_INTERVAL_MS). */
  intervalMs: number;
  version: string;
}

const MAX_NOTES = 32;
const MAX_NOTE = 1024;

export interface StatusPublisherStats {
  sent: number;
  errors: number;
  /** Ticks skipped because the previous status was still being sent, or no provider was set. */
  skipped: number;
  lastSentAt?: string;
  lastError?: string;
}

/**
 * Publishes CollectorStatus on `fsmon.collector-status.v1` (key: collector id) every interval and
 * on demand. A status that cannot be sent is not retried (the next one supersedes it); failures
 * are counted and logged.
 */
export class StatusPublisher {
  private provider?: () => StatusSnapshot;
  private readonly noteSources: Array<() => readonly string[]> = [];
  private timer?: NodeJS.Timeout;
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private readonly startedAt = new Date().toISOString();
  private readonly counts: StatusPublisherStats = { sent: 0, errors: 0, skipped: 0 };
  private readonly logger: LoggerService;

  constructor(
    private readonly sink: Pick<EventPublisher, 'publish'>,
    private readonly identity: CollectorIdentity,
    private readonly opts: StatusPublisherOptions,
    logger?: LoggerService,
  ) {
    this.logger = logger ?? new Logger(StatusPublisher.name);
  }

  /** Where each status's content comes from; until set, nothing is published. */
  setSnapshotProvider(provider: () => StatusSnapshot): void {
    this.provider = provider;
  }

  /**
   * Adds notes to every status from now on (capabilities.notes, after the snapshot's; these are
   * kept when there are too many): the enforcement audit's recent changes.
   */
  addNotes(source: () => readonly string[]): void {
    this.noteSources.push(source);
  }

  /** Starts the periodic heartbeat. */
  start(): void {
    this.timer ??= setInterval(() => {
      if (this.busy > 0 || !this.provider) this.counts.skipped++;
      else void this.publishNow();
    }, this.opts.intervalMs).unref();
  }

  /**
   * Publishes a status now (after the one in flight, if any). Resolves true once the broker
   * acknowledged it, false when no provider is set or the send failed; never rejects.
   */
  publishNow(): Promise<boolean> {
    this.busy++;
    const result = this.chain.then(() => this.send()).finally(() => this.busy--);
    this.chain = result;
    return result;
  }

  stats(): StatusPublisherStats {
    return { ...this.counts };
  }

  /**
   * Stops the heartbeat and waits for a status in flight, until `deadline` (epoch ms; default: as
   * long as it takes): a status is not worth holding a shutdown for while the broker is away.
   */
  async stop(deadline = Infinity): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (deadline === Infinity) await this.chain;
    else await settleWithin(this.chain, deadline);
  }

  private withNotes(snapshot: StatusSnapshot): StatusSnapshot {
    if (this.noteSources.length === 0) return snapshot;
    const extra = this.noteSources.flatMap((source) => source()).slice(-MAX_NOTES).map((n) => n.slice(0, MAX_NOTE));
    const own = snapshot.capabilities.notes.slice(0, MAX_NOTES - extra.length);
    return { ...snapshot, capabilities: { ...snapshot.capabilities, notes: [...own, ...extra] } };
  }

  private async send(): Promise<boolean> {
    if (!this.provider) return false;
    try {
      const at = new Date().toISOString();
      const value: CollectorStatus = { ...this.withNotes(this.provider()), ...this.identity, version: this.opts.version, startedAt: this.startedAt, at };
      await this.sink.publish(Topics.CollectorStatus, [{ key: this.identity.collectorId, value }]);
      this.counts.sent++;
      this.counts.lastSentAt = at;
      return true;
    } catch (e) {
      this.counts.errors++;
      this.counts.lastError = (e as Error).message;
      this.logger.warn(`collector status not published: ${(e as Error).message}`);
      return false;
    }
  }
}
