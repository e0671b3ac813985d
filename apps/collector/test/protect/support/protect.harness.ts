import { Logger } from '@nestjs/common';
import { RawEvent, type FileRawEvent, type GroupPolicy, type LearnedRule } from '@fsmon/contracts';
 
import { waitFor } from '@fsmon/testing';
import { PolicyStore } from '../../../src/policy';
import {
  defaultProtectOptions,
  ProtectService,
  type DecisionHook,
  type EnforcementAuditSink,
  type EnforcementNotice,
  type LearnedRulesSink,
  type ProtectOptions,
  type ProcLookup,
  type ProtectTarget,
  type RawEventSink,
  type UserNames,
} from '../../../src/protect';

/** Raw events as the publisher would take them: validated against the contract on the way in. */
export class RecordingRawSink implements RawEventSink {
  readonly events: FileRawEvent[] = [];
  readonly invalid: string[] = [];

  enqueue(events: readonly RawEvent[]): void {
    for (const e of events) {
      const parsed = RawEvent.safeParse(e);
      if (!parsed.success) this.invalid.push(parsed.error.message);
      else if (parsed.data.type === 'file') this.events.push(parsed.data);
    }
  }
}

/**
 * The protect module with the collector's real policy store, a validating raw-event sink, a
 * learned-rules list and quiet logs. Tests apply GroupPolicy messages and upsert workloads.
 */
export class ProtectHarness {
  readonly store = new PolicyStore({ defaultMode: 'Discover', logger: quiet() });
  readonly raw = new RecordingRawSink();
  readonly learned: LearnedRule[] = [];
  readonly notices: EnforcementNotice[] = [];
  readonly service: ProtectService;

  /** `ports`: the watcher's process resolver and passwd cache (attribution), an audit sink besides `notices`. */
  constructor(over: Partial<ProtectOptions> = {}, hook?: DecisionHook, learnedRules?: LearnedRulesSink, ports: { procs?: ProcLookup; users?: UserNames; audit?: EnforcementAuditSink } = {}) {
    this.service = new ProtectService({
      options: defaultProtectOptions({ collectorId: 'test-collector' }, { reportWindowMs: 20, probeIntervalMs: 20, ...over }),
      policies: this.store,
      rawEvents: this.raw,
      learnedRules: learnedRules ?? { add: (rules) => this.learned.push(...rules) },
      hook,
      procs: ports.procs,
      users: ports.users,
      audit: {
        enforcement: (n) => {
          this.notices.push(n);
          ports.audit?.enforcement(n);
        },
      },
      logger: quiet(),
    });
  }

  async start(): Promise<this> {
    await this.service.start();
    return this;
  }

  apply(policy: GroupPolicy): void {
    const result = this.store.apply(policy);
    if (result.outcome !== 'applied') throw new Error(`policy not applied: ${JSON.stringify(result)}`);
  }

  upsert(target: ProtectTarget): void {
    this.service.upsert(target);
  }

  /** Waits until a reported event satisfies `predicate` (reports are collected every few ms). */
  async event(predicate: (e: FileRawEvent) => boolean, what: string, timeoutMs = 5000): Promise<FileRawEvent> {
    let hit: FileRawEvent | undefined;
    await waitFor(
      () => {
        this.service.flushReports();
        hit = this.raw.events.find(predicate);
        return hit !== undefined;
      },
      what,
      timeoutMs,
    );
    return hit as FileRawEvent;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}

function quiet(): Logger {
  const logger = new Logger('test');
  for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) logger[level] = () => undefined;
  return logger;
}
