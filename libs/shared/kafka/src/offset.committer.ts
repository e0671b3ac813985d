import { CommitTracker, type CommitPoint } from './commit-tracker';
import { KafkaCommitError } from './kafka.errors';

/** Commits what a CommitTracker says is safe, one commit at a time. */
export class OffsetCommitter {
  readonly tracker = new CommitTracker();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly groupId: string,
    private readonly commitOffsets: (points: CommitPoint[]) => Promise<void>,
  ) {}

  /** Commits every commit point that moved. @throws KafkaCommitError naming the offsets. */
  flush(): Promise<void> {
    const run = this.chain.then(async () => {
      const due = this.tracker.due();
      if (due.length === 0) return;
      try {
        await this.commitOffsets(due);
      } catch (e) {
        const where = due.map((p) => `${p.topic}[${p.partition}]@${p.offset}`).join(', ');
        throw new KafkaCommitError(`consumer ${this.groupId}: commit ${where} failed: ${(e as Error).message}`, { cause: e });
      }
      this.tracker.committed(due);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
