import { ReportAggregator } from '@fsmon/aggregator-domain';
import { decodeValue, Topics, type MonitorMessage, type RawEventBatch } from '@fsmon/contracts';
import { encodeReport } from '../../apps/aggregator/src/reports/outgoing-report';
import type { Workload } from './raw-events.workload';

/** CPU microseconds per raw event of each stage, measured on the workload's own messages. */
export interface CostBreakdown {
  jsonParseUs: number;
  /** JSON.parse and the contract's schema check (what TopicConsumer does per message). */
  decodeUs: number;
  /** ReportAggregator.acceptBatch on decoded batches, ticks excluded. */
  engineUs: number;
  /** Validating and serializing the reports those batches made (encodeReport), per raw event. */
  encodeUs: number;
}

function timeUs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1000;
}

/**
 * Each stage over the whole workload, twice, the second time timed: the first pass compiles the
 * schema checks (tens of ms, which a running worker pays once) and lets V8 optimize the stages.
 */
export function measureCosts(w: Workload): CostBreakdown {
  measureOnce(w);
  return measureOnce(w);
}

function measureOnce(w: Workload): CostBreakdown {
  const jsonParseUs = timeUs(() => w.messages.forEach((m) => JSON.parse(m.value.toString('utf8'))));
  const decoded: RawEventBatch[] = [];
  const decodeUs = timeUs(() =>
    w.messages.forEach((m) => {
      const d = decodeValue(Topics.RawEvents, m.value);
      if (!d.ok) throw new Error(`workload message does not decode: ${d.reason}`);
      decoded.push(d.value);
    }),
  );
  const engine = new ReportAggregator();
  const reports: MonitorMessage[] = [];
  const engineUs = timeUs(() => decoded.forEach((b, i) => reports.push(...engine.acceptBatch(b, { partition: 0, offset: String(i) }).reports)));
  const encodeUs = timeUs(() => reports.forEach(encodeReport));
  return { jsonParseUs: jsonParseUs / w.events, decodeUs: decodeUs / w.events, engineUs: engineUs / w.events, encodeUs: encodeUs / w.events };
}
