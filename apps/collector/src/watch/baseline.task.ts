import type { ContentHasher } from './content.hasher';
import { joinPath, type FileBaseline, type WatchedDir, type WatchedFile } from './watch-state';
import type { WorkloadWatch } from './workload.watch';

const CHUNK = 256;

/**
 * Takes the content baseline of watched files that have none yet (a new watch, a new sub-tree, a
 * re-plan), so that a write leaving the content as it was classifies as Accessed, and a rescan
 * has something to compare. A file written since its mark was placed gets none (`hash.unsettled`): the
 * baseline would hold the write whose event is still on its way (ContentHasher.observeBaseline).
 * Runs through the hasher's concurrency limit in chunks, so a large watch set never queues all at
 * once and the event loop stays free between reads.
 */
export class BaselineTask {
  baselined = 0;

  constructor(private readonly hasher: ContentHasher) {}

  /**
   * `markedAt`: when the marks covering these files were placed (taken before placing them).
   * `stop`: checked between chunks (a newer plan will baseline what is left).
   */
  async run(watch: WorkloadWatch, dirs: Iterable<WatchedDir>, files: Iterable<WatchedFile>, markedAt: number, stop: () => boolean = () => false): Promise<void> {
    // Chunks are taken as they go, not listed up front: a path per file of a large watch set at once
    // is what the start-up walk of 100k files must not hold.
    const chunk: Array<[string, FileBaseline]> = [];
    for (const entry of missing(dirs, files)) {
      chunk.push(entry);
      if (chunk.length < CHUNK) continue;
      if (watch.closed || stop()) return;
      await this.take(watch, chunk.splice(0), markedAt);
    }
    if (chunk.length > 0 && !watch.closed && !stop()) await this.take(watch, chunk, markedAt);
  }

  private async take(watch: WorkloadWatch, chunk: ReadonlyArray<[string, FileBaseline]>, markedAt: number): Promise<void> {
    await Promise.all(
      chunk.map(async ([path, baseline]) => {
        const seen = await this.hasher.observeBaseline(watch.hostPath(path), markedAt);
        // null: changed since it was marked (the hasher counts it). An event may have set a newer
        // baseline meanwhile; the earlier one must not overwrite it.
        if (seen === null || !seen.exists || baseline.sig !== null) return;
        baseline.hash = seen.hash;
        baseline.sig = seen.sig;
        this.baselined += 1;
      }),
    );
  }
}

/** The watched paths without a baseline yet, with their baseline records. */
function* missing(dirs: Iterable<WatchedDir>, files: Iterable<WatchedFile>): Generator<[string, FileBaseline]> {
  for (const dir of dirs) for (const [name, b] of dir.children) if (b.sig === null) yield [joinPath(dir.path, name), b];
  for (const file of files) if (file.baseline.sig === null) yield [file.path, file.baseline];
}
