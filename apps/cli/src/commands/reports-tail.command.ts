import { type MonitorMessage, Topics } from '@fsmon/contracts';
import { createKafka, TopicConsumer } from '@fsmon/kafka';
import { formatReport } from '@fsmon/report-format';
import { hostname } from 'node:os';
import { positiveInt, str } from '../cli-args';
import { kafkaBrokers } from '../cli-config';
import { CliError, EXIT } from '../cli-error';
import type { Command } from '../command';
import { stderrLogger } from '../stderr-logger';
import { type ReportCriteria, matchesReport } from '../report-filter';
import { RecentIds } from '../recent-ids';

/** Longest the first join of the consumer group may take before the command gives up. */
const START_TIMEOUT_MS = 30_000;
/** Longest leaving the group may take at Ctrl-C; the broker drops the member by itself after that. */
const STOP_TIMEOUT_MS = 5000;

export const reportsTail: Command = {
  words: ['reports', 'tail'],
  args: [],
  summary: 'print reports as they arrive on the reports topic (from now on), filtered',
  options: {
    host: { type: 'string' },
    container: { type: 'string' },
    path: { type: 'string' },
    kind: { type: 'string' },
    count: { type: 'string' },
    'from-beginning': { type: 'boolean' },
  },
  help: [
    '--host H          host name or id',
    '--container C     container name or id prefix; "host" for the host itself',
    '--path P          this path or anything below it; * is a wildcard (/etc/*.conf)',
    '--kind K          Container.FileAccess.Violation, a part of a kind (Package, Host) or deny',
    '--count N         exit after N reports',
    '--from-beginning  also print the reports the topic still holds',
    '--json            one MonitorMessage JSON per line',
  ],
  async run({ flags, sources, io }) {
    const brokers = kafkaBrokers(sources);
    const criteria: ReportCriteria = { host: str(flags, 'host'), container: str(flags, 'container'), path: str(flags, 'path'), kind: str(flags, 'kind') };
    const count = positiveInt(flags, 'count');
    const json = flags.json === true;
    const seen = new RecentIds(10_000);
    let shown = 0;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));

    const print = (r: MonitorMessage) => {
      // A report re-sent after an aggregator crash carries the same id: show it once.
      if (count !== undefined && shown >= count) return;
      if (!matchesReport(r, criteria) || !seen.add(r.reportId)) return;
      io.out(json ? JSON.stringify(r) : formatReport(r));
      shown += 1;
      if (count !== undefined && shown >= count) finish();
    };
    // kafkajs logs every retry with a stack: noise in a terminal. The outcome is what the user needs
    // (the start error below, the status lines of onStatus); FSMON_DEBUG=1 shows the detail.
    const kafkaLog = sources.env.FSMON_DEBUG === '1' ? 'info' : 'nothing';
    const kafka = createKafka({ brokers: brokers.value, clientId: `fsmon-cli-${hostname()}-${process.pid}`, logLevel: kafkaLog });
    let following = false;
    let lost = false;
    const consumer: TopicConsumer = new TopicConsumer(kafka, {
      groupId: `fsmon-cli-tail-${hostname()}-${process.pid}-${Date.now()}`,
      fromBeginning: flags['from-beginning'] === true,
      handlers: { [Topics.Reports]: (m) => print(m.value) },
      // A viewer: an invalid report is skipped with a line on stderr; the aggregator's own
      // consumers dead-letter, a tail must not add a copy on every run.
      readOnly: true,
      sessionTimeoutMs: 10_000,
      logger: stderrLogger(io),
      onStatus: (status) => {
        // Only after the start: a failed start is the one error the command ends with.
        if (!following) return;
        if (status === 'crashed' && !lost) io.err(`fsmon: lost ${Topics.Reports} (${consumer.stats().lastError ?? 'unknown error'}); retrying`);
        if (status === 'connected' && lost) io.err(`fsmon: following ${Topics.Reports} again`);
        if (status === 'crashed' || status === 'connected') lost = status === 'crashed';
      },
    });

    io.signal.addEventListener('abort', () => finish(), { once: true });
    try {
      const started = await within(consumer.start(), START_TIMEOUT_MS, io.signal);
      if (started === 'timeout') throw new CliError(`no answer from Kafka at ${brokers.value.join(',')} (from ${brokers.from}) within ${START_TIMEOUT_MS / 1000} s`, EXIT.unavailable);
      if (started === 'aborted') return EXIT.interrupted;
      following = true;
      io.err(`fsmon: following ${Topics.Reports} on ${brokers.value.join(',')}${describe(criteria)}; Ctrl-C stops`);
      await finished;
      return EXIT.ok;
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`reading ${Topics.Reports} from ${brokers.value.join(',')} (from ${brokers.from}): ${(e as Error).message}`, EXIT.unavailable);
    } finally {
      if ((await within(consumer.stop(), STOP_TIMEOUT_MS)) === 'timeout') io.err(`fsmon: leaving the consumer group took over ${STOP_TIMEOUT_MS / 1000} s; gave up waiting`);
    }
  },
};

function describe(c: ReportCriteria): string {
  const parts = Object.entries(c)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v as string}`);
  return parts.length === 0 ? '' : ` (only ${parts.join(' ')})`;
}

/** Settles with 'done', or 'timeout' after `ms`, or 'aborted' when `signal` fires first. */
async function within(p: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<'done' | 'timeout' | 'aborted'> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      p.then(() => 'done' as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
      new Promise<'aborted'>((resolve) => {
        if (!signal) return;
        if (signal.aborted) return resolve('aborted');
        onAbort = () => resolve('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
