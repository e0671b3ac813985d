import { encodeOwnedValue, Topics, type MonitorMessage } from '@fsmon/contracts';

/**
 * A report ready to send, encoded where it was built (an engine worker): its contract check and
 * serialization (`encodeOwnedValue`) cost the consuming thread nothing. `invalid` says why a report
 * failed its contract; it is dead-lettered instead of sent (as JSON, unchecked).
 */
export interface OutgoingReport {
  reportId: string;
  /** The Kafka key: `<hostId>/<containerId|host>`, so one container's reports stay in order. */
  key: string;
  value: Uint8Array;
  invalid?: string;
}

/** The Kafka key of a report. */
export function reportKey(report: MonitorMessage): string {
  return `${report.host.id}/${report.container?.id ?? 'host'}`;
}

/**
 * Validates and serializes a report (never throws: a bad one comes back marked `invalid`). The
 * report is the engine's, built for this message only: the fast encode may fill its defaults in.
 */
export function encodeReport(report: MonitorMessage): OutgoingReport {
  const key = reportKey(report);
  try {
    return { reportId: report.reportId, key, value: encodeOwnedValue(Topics.Reports, report) };
  } catch (e) {
    return { reportId: report.reportId, key, value: Buffer.from(JSON.stringify(report)), invalid: (e as Error).message };
  }
}

/** The bytes as a Buffer, without copying (a structured clone delivers a plain Uint8Array). */
export function valueBuffer(report: OutgoingReport): Buffer {
  const v = report.value;
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** The report back as an object (for GET /reports). */
export function decodeReport(report: OutgoingReport): MonitorMessage {
  return JSON.parse(valueBuffer(report).toString('utf8')) as MonitorMessage;
}
