import { crc32 } from 'node:zlib';
import type { SealedBatch } from '../sealed-batch';

/**
 * A spool record: `[length u32][crc32 u32]` then a body of `[events u32][keyLength u16][key][value]`,
 * little-endian; `length` is the body's length and the CRC covers the body. `events` and
 * `keyLength` lead the body so a scan can count a segment's events without reading values.
 */
export const RECORD_PREFIX_BYTES = 8;
export const RECORD_HEAD_BYTES = RECORD_PREFIX_BYTES + 6;

/** The bytes a batch takes in the spool. */
export function recordSize(batch: SealedBatch): number {
  return RECORD_HEAD_BYTES + Buffer.byteLength(batch.key) + batch.value.length;
}

/** The record as buffers for one writev (the value is not copied). */
export function encodeRecord(batch: SealedBatch): Buffer[] {
  const key = Buffer.from(batch.key);
  const head = Buffer.alloc(RECORD_HEAD_BYTES);
  head.writeUInt32LE(6 + key.length + batch.value.length, 0);
  head.writeUInt32LE(batch.events, 8);
  head.writeUInt16LE(key.length, 12);
  const crc = crc32(batch.value, crc32(key, crc32(head.subarray(8))));
  head.writeUInt32LE(crc, 4);
  return [head, key, batch.value];
}

/** What a record's head says, before its body is read or checked. */
export interface RecordHead {
  /** Total record size, head included. */
  size: number;
  events: number;
}

/** Parses a record head; undefined when the bytes cannot be a head (too short or inconsistent). */
export function decodeHead(buf: Buffer, offset: number): RecordHead | undefined {
  if (buf.length - offset < RECORD_HEAD_BYTES) return undefined;
  const length = buf.readUInt32LE(offset);
  const keyLength = buf.readUInt16LE(offset + 12);
  if (length < 6 + keyLength) return undefined;
  return { size: RECORD_PREFIX_BYTES + length, events: buf.readUInt32LE(offset + 8) };
}

export type DecodedRecord = { ok: true; batch: SealedBatch; size: number } | { ok: false; size: number; events: number };

/**
 * Decodes the complete record at `offset` (the caller made sure `decodeHead` found one and all
 * its bytes are in `buf`). `ok: false` when the CRC does not match: the record is damaged, its
 * `size` (from the head) says where the next one starts.
 */
export function decodeRecord(buf: Buffer, offset: number, head: RecordHead): DecodedRecord {
  const body = buf.subarray(offset + RECORD_PREFIX_BYTES, offset + head.size);
  if (crc32(body) !== buf.readUInt32LE(offset + 4)) return { ok: false, size: head.size, events: head.events };
  const keyLength = body.readUInt16LE(4);
  const key = body.subarray(6, 6 + keyLength).toString('utf8');
  // A copy, so the read buffer can be dropped while the batch waits for its acknowledgement.
  const value = Buffer.from(body.subarray(6 + keyLength));
  return { ok: true, size: head.size, batch: { key, value, events: head.events } };
}
