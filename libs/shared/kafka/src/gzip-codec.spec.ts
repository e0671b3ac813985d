import { gzipSync, deflateSync } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { createKafka } from './create-kafka';
import { inflateChunkFor, MAX_GZIP_CHUNK, sizedGzipCodec, withGzipCodec } from './gzip-codec';

const text = (bytes: number) => Buffer.from('{"path":"/var/www/html/index.php","msg":"File was modified."}'.repeat(Math.ceil(bytes / 60)).slice(0, bytes));

describe('sizedGzipCodec', () => {
  it('sizes the inflate chunk from the gzip trailer, within bounds', () => {
    expect(inflateChunkFor(gzipSync(text(300_000)))).toBe(300_064);
    expect(inflateChunkFor(gzipSync(text(100)))).toBe(16 * 1024);
    expect(inflateChunkFor(gzipSync(text(20_000_000)))).toBe(MAX_GZIP_CHUNK);
    // Not gzip (a zlib stream, which unzip also takes), or too short to hold a trailer: zlib's own chunk.
    expect(inflateChunkFor(deflateSync(text(300_000)))).toBe(16 * 1024);
    expect(inflateChunkFor(Buffer.from([0x1f, 0x8b]))).toBe(16 * 1024);
  });

  it.each([
    ['a small batch', 100],
    ['a batch of one chunk', 1_650_000],
    ['a batch bigger than the largest chunk', 20_000_000],
  ])('inflates %s to the very bytes compressed', async (_what, bytes) => {
    const raw = text(bytes);
    expect((await sizedGzipCodec.decompress(gzipSync(raw))).equals(raw)).toBe(true);
  });

  it('inflates two concatenated gzip members whole (the trailer names only the last)', async () => {
    const a = text(500_000);
    const b = text(1_000);
    expect((await sizedGzipCodec.decompress(Buffer.concat([gzipSync(a), gzipSync(b)]))).equals(Buffer.concat([a, b]))).toBe(true);
  });

  it('rejects a corrupt batch as zlib does', async () => {
    const broken = gzipSync(text(50_000));
    broken.fill(0, 20, 60);
    await expect(sizedGzipCodec.decompress(broken)).rejects.toThrow();
  });

  it('compresses to gzip that inflates back', async () => {
    const raw = text(200_000);
    const compressed = await sizedGzipCodec.compress({ buffer: raw });
    expect(compressed.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await sizedGzipCodec.decompress(compressed)).equals(raw)).toBe(true);
  });

  it('is the codec kafkajs uses once a client is made; a bench may borrow the stock one', async () => {
    createKafka({ brokers: ['127.0.0.1:1'], clientId: 'codec-spec', logLevel: 'nothing' });
    expect(CompressionCodecs[CompressionTypes.GZIP]()).toBe(sizedGzipCodec);
    const inside = await withGzipCodec('kafkajs', async () => {
      createKafka({ brokers: ['127.0.0.1:1'], clientId: 'codec-spec', logLevel: 'nothing' });
      return CompressionCodecs[CompressionTypes.GZIP]();
    });
    expect(inside).not.toBe(sizedGzipCodec);
    expect(typeof (inside as { decompress?: unknown }).decompress).toBe('function');
    expect(CompressionCodecs[CompressionTypes.GZIP]()).toBe(sizedGzipCodec);
  });
});
