import path from 'node:path';
import { APP_NODE_FLAGS } from '@fsmon/config';
import { runDeployed, withWorkload, type DeployedRound } from './deployed.process';

export interface TreeRound extends DeployedRound {
  /** 0 = the first tree given, 1 = the second. */
  tree: number;
}

/**
 * The deployed aggregator (APP_NODE_FLAGS.aggregator) from each of `trees` in turn, `rounds` times,
 * the order flipped every round, all on one broker holding one mixed-traffic workload.
 */
export async function compareTrees(trees: [string, string], events: number, rounds: number): Promise<{ events: number; rounds: TreeRound[] }> {
  return withWorkload(events, async (broker) => {
    const result: TreeRound[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const tree of r % 2 === 0 ? [0, 1] : [1, 0]) {
        result.push({ tree, ...(await runDeployed(broker.bootstrap, events, APP_NODE_FLAGS.aggregator, path.resolve(trees[tree]))) });
      }
    }
    return { events, rounds: result };
  });
}
