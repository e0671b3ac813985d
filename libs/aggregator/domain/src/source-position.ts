import { AggregatorError } from './aggregator.error';

/** Where an event was read from: a Kafka partition and the offset of its batch (offsets are strings). */
export interface SourcePosition {
  readonly partition: number;
  readonly offset: string;
}

/** A position with its offset as a number that compares correctly beyond 2^53. */
export interface ParsedPosition {
  readonly partition: number;
  readonly offset: bigint;
}

const OFFSET = /^\d{1,20}$/;

/** Throws `AggregatorError('INVALID_POSITION')` unless partition and offset are non-negative integers. */
export function parsePosition(position: SourcePosition): ParsedPosition {
  if (!Number.isSafeInteger(position.partition) || position.partition < 0 || !OFFSET.test(position.offset)) {
    throw new AggregatorError(
      'INVALID_POSITION',
      `bad source position partition=${String(position.partition)} offset="${String(position.offset)}"`,
    );
  }
  return { partition: position.partition, offset: BigInt(position.offset) };
}
