'use strict';
// Protect bench: the collector's Protect path (policy from the policy topic of an embedded broker,
// ProtectService answering in its permission worker) against the plain C allow-all responder of
// native/kernel-edge, on a protected directory inside a namespace container; then the time from a
// rule message on fsmon.policy.v1 to the verdict changing. Needs root and cc.
//   node bench/protect/run.js [--quick] [--fetch-wait-ms N]
// Prints a table, the rule-to-verdict percentiles and one JSON line; cleans up after itself.
require('../register-ts');
require('./main.ts');
