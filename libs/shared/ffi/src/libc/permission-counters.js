'use strict';
// Slots of the permission worker's counters (a Float64Array over a SharedArrayBuffer; the worker
// is the only writer) and the verdict reasons it reports. Shared by the worker and fs-events.

const PERMISSION_COUNTERS = Object.freeze([
  'events', 'allowed', 'denied', 'self', 'noRule', 'asked', 'askTimeouts', 'askFailures', 'failVerdicts',
  'decodeErrors', 'decisionErrors', 'responseErrors', 'fdsClosed', 'reportsDropped', 'overflows',
  'shutdownAnswers', 'nonPermissionEvents', 'readErrors', 'wakeUps', 'responseWrites', 'pathFreeAllows',
]);
const P = Object.freeze(Object.fromEntries(PERMISSION_COUNTERS.map((name, i) => [name, i])));

/** Why a verdict was given; the index is what the report ring carries. */
const REASONS = Object.freeze([
  'no-rule', 'self', 'allow-all', 'app-allowed', 'otherwise', 'asked', 'ask-timeout', 'ask-failed', 'no-asker',
  'no-exe', 'no-path', 'decode-error', 'decision-error', 'shutdown',
]);
const R = Object.freeze(Object.fromEntries(REASONS.map((name, i) => [name, i])));

module.exports = { PERMISSION_COUNTERS, P, REASONS, R };
