import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { Topics, type RawEventBatch } from '@fsmon/contracts';
import { readRecords, type KafkaClient, type RawRecord } from '../src';

/** Settings suited to the embedded broker (see docs/toolchain-notes.md). */
export const TEST_CONSUMER = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000, maxWaitTimeInMs: 100 } as const;

/** Keeps the consumers' expected warnings (dead letters, retries) out of the test output. */
export const quietLogger: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

export function uniqueGroupId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A small valid raw-events batch; `seq` tells messages apart. */
export function rawBatch(seq: number, collectorId = 'c1'): RawEventBatch {
  return {
    schema: 1,
    collectorId,
    host: { id: 'h1', name: 'host-1' },
    seq,
    events: [{ type: 'gap', id: `${collectorId}:${seq}`, at: '2025-01-01T00:00:00.000Z', reason: 'spool-full', scope: '/', lost: seq }],
  };
}

export async function waitFor(what: () => string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** All of `count` records of `topic`, read from the beginning without validation. */
export function readRaw(kafka: KafkaClient, topic: string, count: number): Promise<RawRecord[]> {
  return readRecords(kafka, topic, { count, timeoutMs: 20_000 });
}

export const DLQ = Topics.DeadLetters;
