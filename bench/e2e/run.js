'use strict';
// Whole-system bench: fsmon's three apps as separate processes (compiled like `npm run build`), the
// embedded broker and a redis-server, watching namespace containers; against the kernel-edge C FID
// reader (native/kernel-edge/fan-reader.c) on the same workload in the same run.
//   sudo node bench/e2e/run.js [--quick]
// Prints change→report latency p50/p99 (idle and under a write storm), sustained events/s of the
// pipeline vs the C reader with its loss, each app's RSS, the goals, and one JSON line.
require('../register-ts');
require('./main.ts');
