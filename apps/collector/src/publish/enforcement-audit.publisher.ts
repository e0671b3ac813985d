import { Logger, type LoggerService } from '@nestjs/common';
import type { EnforcementAuditSink, EnforcementNotice } from '../protect/protect.ports';

/** What the audit needs of the status publisher (StatusPublisher satisfies it). */
export interface StatusNotesChannel {
  addNotes(source: () => readonly string[]): void;
  publishNow(): Promise<boolean>;
}

export interface EnforcementAuditStats {
  suspended: number;
  restored: number;
  /** Statuses carrying a change that the broker did not take (the next heartbeat carries it again). */
  publishFailures: number;
}

const KEEP = 8;

/**
 * Publishes the stall watchdog's enforcement changes (suspended, restored) on the status topic: each
 * change becomes a note in CollectorStatus.capabilities.notes and a status is published at once.
 * The last KEEP changes stay in every later status, so a change whose status the broker did not
 * take (or a suspension shorter than a heartbeat) still reaches the control plane with the next one.
 */
export class EnforcementAuditPublisher implements EnforcementAuditSink {
  private readonly recent: string[] = [];
  private readonly counts: EnforcementAuditStats = { suspended: 0, restored: 0, publishFailures: 0 };
  private readonly logger: LoggerService;

  constructor(
    private readonly status: StatusNotesChannel,
    logger?: LoggerService,
  ) {
    this.logger = logger ?? new Logger(EnforcementAuditPublisher.name);
    status.addNotes(() => this.recent);
  }

  enforcement(notice: EnforcementNotice): void {
    this.counts[notice.state] += 1;
    this.recent.push(noteOf(notice));
    if (this.recent.length > KEEP) this.recent.shift();
    void this.status.publishNow().then((sent) => {
      if (sent) return;
      this.counts.publishFailures += 1;
      this.logger.warn(`enforcement ${notice.state} at ${notice.at} not published yet; the next status carries it`);
    });
  }

  /** The recent changes as status notes, oldest first. */
  notes(): readonly string[] {
    return [...this.recent];
  }

  stats(): EnforcementAuditStats {
    return { ...this.counts };
  }
}

function noteOf(n: EnforcementNotice): string {
  const workloads = n.workloads.length > 8 ? `${n.workloads.slice(0, 8).join(', ')} and ${n.workloads.length - 8} more` : n.workloads.join(', ');
  const failClosed = n.state === 'suspended' && n.failClosedFilters > 0 ? `; ${n.failClosedFilters} fail-closed filter(s) not enforced` : '';
  return `enforcement ${n.state} at ${n.at} (${n.workloads.length} workload(s)${workloads === '' ? '' : `: ${workloads}`})${failClosed}: ${n.reason}`;
}
