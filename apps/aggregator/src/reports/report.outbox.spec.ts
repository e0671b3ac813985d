import { KafkaPayloadError, KafkaUnavailableError } from '@fsmon/kafka';
import type { OutgoingReport } from './outgoing-report';
import type { SafeOffsets } from './report-outbox.types';
import { ReportOutbox } from './report.outbox';
import type { ReportPublisher } from './report.publisher';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function report(n: number): OutgoingReport {
  return { reportId: `r${n}` } as OutgoingReport;
}

/** A ReportPublisher whose sends resolve or fail as each test says. */
class FakePublisher {
  readonly sends: string[][] = [];
  readonly letters: string[] = [];
  /** Sends fail with this while set. */
  failWith?: (batch: readonly OutgoingReport[]) => Error | undefined;
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async publish(batch: readonly OutgoingReport[]): Promise<void> {
    await this.gate;
    const error = this.failWith?.(batch);
    if (error) throw error;
    this.sends.push(batch.map((r) => r.reportId));
  }

  async deadLetter(r: OutgoingReport): Promise<void> {
    this.letters.push(r.reportId);
  }
}

function setup(opts: { queueMax?: number; publishBatch?: number } = {}) {
  const publisher = new FakePublisher();
  const commits: string[] = [];
  let safe: SafeOffsets = new Map([[0, '1']]);
  const sut = new ReportOutbox(
    {
      publisher: publisher as unknown as ReportPublisher,
      safeOffsets: () => safe,
      commit: async (offsets) => void commits.push(JSON.stringify([...offsets])),
      onPublished: () => undefined,
      logger: quiet,
    },
    { queueMax: opts.queueMax ?? 100, publishBatch: opts.publishBatch ?? 2, retryInitialMs: 5, retryMaxMs: 20 },
  );
  return { sut, publisher, commits, setSafe: (s: SafeOffsets) => (safe = s) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe(ReportOutbox.name, () => {
  it('sends in order, in batches, and commits a checkpoint once every report queued before it is acknowledged', async () => {
    const { sut, publisher, commits, setSafe } = setup();
    publisher.hold();
    setSafe(new Map([[3, '10']]));
    sut.add([1, 2, 3].map(report));
    await settle();
    setSafe(new Map([[3, '20']]));
    sut.add([report(4)]);
    publisher.release();
    publisher.hold();
    await settle();
    // r1 and r2 are out, r3 (queued before the checkpoint) is not: nothing is committed yet.
    expect(publisher.sends).toEqual([['r1', 'r2']]);
    expect(commits).toEqual([]);
    publisher.release();
    await sut.drain(1000);
    expect(publisher.sends).toEqual([['r1', 'r2'], ['r3', 'r4']]);
    expect(commits).toEqual([JSON.stringify([[3, '10']]), JSON.stringify([[3, '20']])]);
    expect(sut.stats).toMatchObject({ published: 4, commits: 2 });
  });

  it('keeps the reports through a broker outage and commits nothing until they are acknowledged', async () => {
    const { sut, publisher, commits } = setup();
    publisher.failWith = () => new KafkaUnavailableError('no broker');
    sut.add([report(1)]);
    await settle();
    expect(sut.stats.sendFailures).toBeGreaterThan(1);
    expect(sut.pending).toBe(1);
    sut.commitIfIdle();
    expect(commits).toEqual([]);
    publisher.failWith = undefined;
    expect(await sut.drain(1000)).toBe(true);
    expect(publisher.sends).toEqual([['r1']]);
    expect(commits.length).toBeGreaterThan(0);
  });

  it('dead-letters only the report the broker refuses for good', async () => {
    const { sut, publisher } = setup({ publishBatch: 10 });
    publisher.failWith = (batch) => (batch.some((r) => r.reportId === 'r2') ? new KafkaPayloadError('fsmon.reports.v1', 0, 'bad') : undefined);
    sut.add([1, 2, 3].map(report));
    expect(await sut.drain(1000)).toBe(true);
    expect(publisher.sends).toEqual([['r1'], ['r3']]);
    expect(publisher.letters).toEqual(['r2']);
    expect(sut.stats).toMatchObject({ published: 2, deadLettered: 1, lost: 0 });
  });

  it('makes producers wait while the queue is full, and lets them go once it drains or closes', async () => {
    const { sut, publisher } = setup({ queueMax: 2 });
    publisher.hold();
    sut.add([1, 2].map(report));
    let released = false;
    const waiting = sut.room().then(() => (released = true));
    await settle();
    expect(released).toBe(false);
    publisher.release();
    await waiting;
    expect(sut.stats.backpressureWaits).toBe(1);

    publisher.hold();
    sut.add([3, 4].map(report));
    const second = sut.room();
    sut.close();
    await second;
    publisher.release();
  });

  it('gives up draining after the timeout, leaving the reports uncommitted', async () => {
    const { sut, publisher, commits } = setup();
    publisher.failWith = () => new KafkaUnavailableError('no broker');
    sut.add([report(1)]);
    expect(await sut.drain(50)).toBe(false);
    sut.close();
    expect(commits).toEqual([]);
    expect(sut.pending).toBe(1);
  });
});
