'use strict';
// Collector bench: the collector app (apps/collector/src/main.ts, with the embedded broker) against
// the kernel-edge C FID reader (native/kernel-edge) and fatrace, on the same workload inside a
// namespace container; then the app's RSS with 100k watched files across 50 containers.
//   sudo node bench/collector/run.js [--quick] [--repeat=N] [--cpu-prof=DIR] [--heap-snapshot=DIR]
//   [--collector-node=FLAG,FLAG] (extra node flags for the collector, e.g. memory experiments)
//   [--only=live|drain|rss] [--smaps] [--pass-align] (collector runs start just after a pass tick: the event path alone)
// Prints tables, the goal ratios and one JSON line; cleans up (children, containers, tmpfs).
require('../register-ts');
require('./main.ts');
