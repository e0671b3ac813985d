'use strict';
// Kernel-edge bench: fs-events (fanotify notification reader in FID and fd mode, permission
// responder) against plain C baselines from native/kernel-edge, compiled with cc on each run.
//   sudo node bench/kernel-edge/run.js [--quick] [--only=drain,live,perm]
// Prints tables (events/s, overflow records, opens/s, open latency percentiles, ratios) and one
// JSON line. Cleans up after itself (children, marks, temporary files); never asserts figures.
require('../register-ts');
require('./main.ts');
