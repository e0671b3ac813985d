'use strict';
// The deployed aggregator from two source trees, alternated on one broker and one workload:
//   node bench/aggregator/compare-trees.js <treeA> <treeB> [events=300000] [rounds=4]
// For an A/B of a change: treeA a checkout of the base (`git worktree add /tmp/base <rev>` and a
// node_modules symlink to this tree's), treeB this tree. Both run with APP_NODE_FLAGS.aggregator, A
// first in even rounds and B first in odd ones. Prints per round events/s and CPU per event (the app
// process and its busiest thread, from /proc), the medians and B/A. Exits 0 when done.
require('../register-ts');
const fs = require('node:fs');
const path = require('node:path');
const { runToEnd } = require('../support/run-bench.ts');
const { figure: n, median } = require('../support/figures.ts');
const { compareTrees } = require('./compare-trees.process.ts');

const [treeA, treeB, events = 300_000, rounds = 4] = process.argv.slice(2).map((x, i) => (i < 2 ? x : Number(x)));
for (const tree of [treeA, treeB]) {
  if (!tree || !fs.existsSync(path.join(tree, 'apps/aggregator/src/main.ts')) || !fs.existsSync(path.join(tree, 'node_modules'))) {
    console.error(`compare-trees: "${tree ?? ''}" is not a source tree with apps/aggregator and node_modules\nusage: node bench/aggregator/compare-trees.js <treeA> <treeB> [events] [rounds]`);
    process.exit(2);
  }
}
if (path.resolve(treeA) === path.resolve(treeB)) console.error('compare-trees: the same tree twice (an A/A run: the spread is the noise)');
runToEnd('compare-trees', () =>
  compareTrees([treeA, treeB], events, rounds).then((r) => {
    console.log(`compare-trees: ${n(events)} events, ${rounds} rounds, node ${process.version}, load average at the end ${require('node:os').loadavg().map((x) => n(x, 1)).join(' ')}`);
    for (const x of r.rounds) console.log(`   ${x.tree === 0 ? 'A' : 'B'} ${n(x.eventsPerSec).padStart(9)} events/s, steady ${n(x.steadyEventsPerSec)}; CPU ${n(x.cpuUsPerEvent.process, 2)} us/event, busiest thread ${n(x.cpuUsPerEvent.busiestThread, 2)}`);
    const of = (tree, pick) => median(r.rounds.filter((x) => x.tree === tree).map(pick));
    const [a, b] = [0, 1].map((t) => ({ eps: of(t, (x) => x.eventsPerSec), cpu: of(t, (x) => x.cpuUsPerEvent.process), busiest: of(t, (x) => x.cpuUsPerEvent.busiestThread) }));
    console.log(`   A ${treeA}: median ${n(a.eps)} events/s, CPU ${n(a.cpu, 2)} us/event (busiest thread ${n(a.busiest, 2)})`);
    console.log(`   B ${treeB}: median ${n(b.eps)} events/s, CPU ${n(b.cpu, 2)} us/event (busiest thread ${n(b.busiest, 2)})`);
    console.log(`   B/A: events/s ${n(b.eps / a.eps, 2)}x, CPU per event ${n(b.cpu / a.cpu, 2)}x`);
    console.log(JSON.stringify({ bench: 'aggregator-compare-trees', trees: [treeA, treeB], ...r }));
  }),
);
