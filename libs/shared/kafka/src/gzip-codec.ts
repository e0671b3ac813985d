import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
// kafkajs ships no types for its codec module; its compress takes kafkajs's Encoder (we use its `buffer`).
const stockGzip = require('kafkajs/src/protocol/message/compression/gzip') as { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

const unzip = promisify(zlib.unzip);

/** zlib's own output chunk (16 KiB), the least we ask for. */
const MIN_CHUNK = 16 * 1024;
/** The most one output chunk may take: bigger batches are inflated in several chunks. */
export const MAX_GZIP_CHUNK = 8 * 1024 * 1024;

/**
 * The output chunk to inflate `compressed` in: its uncompressed size, read from the gzip trailer
 * (ISIZE, the size modulo 2^32 of the last member), plus a little (a chunk filled exactly makes
 * zlib allocate another just to find the stream's end), within [16 KiB, MAX_GZIP_CHUNK]. A wrong
 * guess costs little: too small (several members, another format), zlib adds chunks until the
 * stream ends; too big (a lying trailer), the unused tail of the chunk is never written, so never
 * resident.
 */
export function inflateChunkFor(compressed: Buffer): number {
  const gzipped = compressed.length >= 18 && compressed[0] === 0x1f && compressed[1] === 0x8b;
  const size = gzipped ? compressed.readUInt32LE(compressed.length - 4) : 0;
  return Math.min(MAX_GZIP_CHUNK, Math.max(MIN_CHUNK, size + 64));
}

/**
 * kafkajs's GZIP codec, inflating in sized output chunks. Its own inflates with zlib's default
 * 16 KiB chunk, and an asynchronous zlib call goes to the thread pool and back once per chunk: a
 * 1.65 MB record batch of raw events took ~100 round trips, each a wake-up of the consuming thread,
 * and 5x the CPU of one sized call (`node bench/kafka-codec/run.js`: 0.20x). Compressing is
 * kafkajs's own: its output is small, so few round trips, and a bigger chunk measured no better.
 */
export const sizedGzipCodec = {
  compress: stockGzip.compress,
  async decompress(buffer: Buffer): Promise<Buffer> {
    return unzip(buffer, { chunkSize: inflateChunkFor(buffer) });
  },
};

/** Which GZIP codec kafkajs uses in this process: fsmon's (sized inflate) or kafkajs's as shipped. */
export type GzipCodecChoice = 'fsmon' | 'kafkajs';

let chosen: GzipCodecChoice | undefined;

/** Sets the GZIP codec of every kafkajs client in this process (kafkajs keeps one codec table per process). */
export function chooseGzipCodec(which: GzipCodecChoice): void {
  chosen = which;
  CompressionCodecs[CompressionTypes.GZIP] = () => (which === 'fsmon' ? sizedGzipCodec : stockGzip);
}

/** fsmon's codec unless one was chosen: createKafka calls this, so every client of the pipeline gets it. */
export function ensureGzipCodec(): void {
  if (chosen === undefined) chooseGzipCodec('fsmon');
}

/**
 * Runs `fn` with `which` as the process's GZIP codec, then puts the previous one back. For
 * benches that compare consumption with kafkajs as shipped; nothing else may run meanwhile.
 */
export async function withGzipCodec<T>(which: GzipCodecChoice, fn: () => Promise<T>): Promise<T> {
  const before = chosen ?? 'fsmon';
  chooseGzipCodec(which);
  try {
    return await fn();
  } finally {
    chooseGzipCodec(before);
  }
}
