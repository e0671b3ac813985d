'use strict';
// libc for fsmon: raw kernel prototypes and constants, the permission and reader worker scripts
// (which must be plain CommonJS: they run outside ts-jest and the TS path aliases), and the small
// shared-memory protocols between those workers and fs-events. Documented in index.d.ts.
const path = require('node:path');
const { PERMISSION_COUNTERS, REASONS } = require('./permission-counters');
const { createRing, RingReader, RingWriter } = require('./report-ring');

const workerScripts = Object.freeze({
  fdReader: path.join(__dirname, 'fd-reader.worker.js'),
  permission: path.join(__dirname, 'permission.worker.js'),
});

module.exports = {
  ...require('./constants'),
  loadLibc: require('./libc').loadLibc,
  WorkerControl: require('./worker-control'),
  PERMISSION_COUNTERS,
  PERMISSION_REASONS: REASONS,
  createReportRing: createRing,
  ReportRingReader: RingReader,
  ReportRingWriter: RingWriter,
  PermissionTable: require('./permission-table').PermissionTable,
  workerScripts,
};
