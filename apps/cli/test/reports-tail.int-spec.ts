import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type MonitorMessage, Topics } from '@fsmon/contracts';
import { EventPublisher } from '@fsmon/kafka';
import { formatReport } from '@fsmon/report-format';
import { startTestKafka, type TestKafka } from '@fsmon/testing';
import { CliProcess } from './support/cli.process';
import { report } from './support/reports.fixture';

jest.setTimeout(180_000);

/** Printed on stderr once the consumer group is joined: reports published after it are seen. */
const FOLLOWING = /^fsmon: following fsmon\.reports\.v1 on /m;

/**
 * `fsmon reports tail` as its own process against an embedded broker: reports are published to
 * fsmon.reports.v1 through the contracts' encoder (EventPublisher validates with encodeValue), and
 * the CLI's stdout, filters, de-duplication and exit are checked.
 */
describe('fsmon reports tail', () => {
  let kafka: TestKafka;
  let publisher: EventPublisher;
  let dataDir: string;
  const running: CliProcess[] = [];

  beforeAll(async () => {
    kafka = await startTestKafka();
    // Its producer replacement during the outage test is expected: keep only errors.
    publisher = new EventPublisher(kafka.kafka, { logger: { log: () => undefined, warn: () => undefined, error: (m: unknown) => console.error(m) } });
    await publisher.connect();
    dataDir = mkdtempSync(path.join(tmpdir(), 'fsmon-cli-tail-'));
  });

  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.kill('SIGKILL');
      await p.done;
    }
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await kafka?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const tail = (args: string[], env: Record<string, string> = { KAFKA_BROKERS: kafka.brokers.join(',') }) => {
    const p = new CliProcess(['reports', 'tail', ...args], { FSMON_DATA_DIR: dataDir, ...env });
    running.push(p);
    return p;
  };
  // One key: one partition, so the reports arrive in the order they were published.
  const publish = (reports: MonitorMessage[]) => publisher.publish(Topics.Reports, reports.map((value) => ({ key: 'host-cli/web-1', value })));
  const lines = (text: string) => text.split('\n').filter(Boolean);

  /**
   * Waits until `p` really follows the topic. A new group resolves "latest" at its first fetch, a
   * moment after the join that `following` announces: a report published in between is not seen.
   * So `sentinel` (matching p's filters, one reportId: printed once however often it is sent) is
   * published until p prints it; everything published after that is seen.
   */
  async function following(p: CliProcess, sentinel: MonitorMessage): Promise<void> {
    await p.waitForStderr(FOLLOWING);
    const end = Date.now() + 60_000;
    while (!p.stdout.includes(sentinel.path)) {
      if (!p.running || Date.now() > end) throw new Error(`fsmon never printed the sentinel report:\n${p.stderr}${p.stdout}`);
      await publish([sentinel]);
      await waitFor(() => p.stdout.includes(sentinel.path) || !p.running, 1000).catch(() => undefined);
    }
  }

  it('prints the reports that match every filter, once each, and exits after --count', async () => {
    const p = tail(['--container', 'web-1', '--path', '/etc', '--count', '3']);
    const sentinel = report({ path: '/etc/sentinel-1' });
    await following(p, sentinel);
    expect(p.stderr).toContain('(only container=web-1 path=/etc)');
    const first = report({ path: '/etc/passwd' });
    const second = report({ path: '/etc/ssl/certs/site.pem', msg: 'File was created', count: 3 });
    await publish([
      report({ container: { id: 'd00d00000000111122223333', name: 'db-1', image: 'postgres', labels: {} }, id: 'd00d00000000111122223333' }),
      report({ path: '/var/log/app.log' }),
      report({ path: '/etcetera/x' }), // a sibling of /etc, not below it
      first,
      first, // re-sent after an aggregator crash: same reportId
      report({ container: null, id: '', kind: 'Host.FileAccess.Violation', path: '/etc/shadow' }),
      second,
      report({ path: '/etc/hosts' }), // after --count is reached
    ]);
    const r = await p.result();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([formatReport(sentinel), formatReport(first), formatReport(second)]);
    expect(lines(r.stdout)[2]).toMatch(/container web-1 {2}\/etc\/ssl\/certs\/site\.pem {2}File was created {2}by vi\[4242\] \/usr\/bin\/vi user root ×3 since/);
  });

  it('filters by host, kind and deny, and prints JSON lines with --json', async () => {
    const p = tail(['--host', 'node-cli', '--kind', 'deny', '--json', '--count', '2']);
    const sentinel = report({ action: 'deny', path: '/etc/sentinel-2' });
    await following(p, sentinel);
    const denied = report({ action: 'deny', msg: 'Access was denied', path: '/etc/app.conf' });
    await publish([report({ host: { id: 'host-other', name: 'node-other' }, action: 'deny' }), report(), denied]);
    const r = await p.result();
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => JSON.parse(l) as unknown)).toEqual([sentinel, denied]);

    const pkg = tail(['--kind', 'Package', '--container', 'host', '--count', '2']);
    const hostPackage = { container: null, id: '', kind: 'Host.Package.Updated', package: true, msg: 'Software package was updated' } as const;
    const sentinel2 = report({ ...hostPackage, path: '/var/lib/sentinel-3' });
    await following(pkg, sentinel2);
    const update = report({ ...hostPackage, path: '/var/lib/dpkg/status' });
    await publish([report({ kind: 'Container.Package.Updated', package: true }), update]);
    const r2 = await pkg.result();
    expect(lines(r2.stdout)).toEqual([formatReport(sentinel2), formatReport(update)]);
    expect(r2.stdout).toContain('host node-cli  /var/lib/dpkg/status  Software package was updated');
  });

  it('with --from-beginning also prints what the topic already holds', async () => {
    const old = report({ path: '/etc/crontab', procName: 'crontab' });
    await publish([old]);
    const p = tail(['--from-beginning', '--path', '/etc/crontab', '--count', '1']);
    const r = await p.result();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([formatReport(old)]);
  });

  it('skips an invalid report with a line on stderr, and writes no dead letter', async () => {
    const good = report({ path: '/etc/after-invalid' });
    await publisher.publishRaw(Topics.Reports, { key: 'host-cli/web-1', value: Buffer.from('{ "not": "a report" }') });
    await publish([good]);
    const p = tail(['--from-beginning', '--path', '/etc/after-invalid', '--count', '1']);
    const r = await p.result();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([formatReport(good)]);
    expect(r.stderr).toMatch(/skipped fsmon\.reports\.v1\[\d+\]@\d+ \(schema\)/);
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(Topics.DeadLetters);
      expect(ends.map((e) => e.high)).toEqual(ends.map(() => '0'));
    } finally {
      await admin.disconnect();
    }
  });

  it('stops cleanly on SIGINT while following', async () => {
    const p = tail(['--path', '/etc/group']);
    const seen = report({ path: '/etc/group' });
    await following(p, seen);
    p.kill('SIGINT');
    const r = await p.result(30_000);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([formatReport(seen)]);
    expect(r.stderr).not.toMatch(/error|unexpected/i);
  });

  it('stops quietly when the reader of its output goes away (| head -1)', async () => {
    const p = tail(['--path', '/etc/head']);
    await following(p, report({ path: '/etc/head/first' }));
    p.closeStdout();
    await publish([report({ path: '/etc/head/second' }), report({ path: '/etc/head/third' })]);
    const r = await p.result();
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('says when it loses the broker and when it follows again, and misses nothing of its partition', async () => {
    const p = tail(['--path', '/etc/outage']);
    await following(p, report({ path: '/etc/outage/before' }));
    const ids = kafka.brokers.map((_, i) => i + 1);
    ids.forEach((id) => kafka.embedded.setBrokerDown(id));
    try {
      await p.waitForStderr(/^fsmon: lost fsmon\.reports\.v1 \(.+\); retrying$/m, 90_000);
    } finally {
      ids.forEach((id) => kafka.embedded.setBrokerUp(id));
    }
    await p.waitForStderr(/^fsmon: following fsmon\.reports\.v1 again$/m, 90_000);
    const after = report({ path: '/etc/outage/after' });
    await publish([after]);
    await waitFor(() => p.stdout.includes('/etc/outage/after'));
    p.kill('SIGINT');
    const r = await p.result(30_000);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).slice(-1)).toEqual([formatReport(after)]);
  });

  it('refuses bad filters and a bad broker list before connecting', async () => {
    const zero = await tail(['--count', '0']).result();
    expect(zero).toMatchObject({ code: 64, stdout: '', stderr: 'fsmon: --count: expected a positive integer, got "0"\n' });
    const unknown = await tail(['--hots', 'x']).result();
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^fsmon: fsmon reports tail: Unknown option '--hots'/);
    const brokers = await tail(['--brokers', 'localhost']).result();
    expect(brokers).toMatchObject({ code: 78, stderr: 'fsmon: --brokers: expected host:port[,host:port...], got "localhost"\n' });
    const none = await tail([], {}).result();
    expect(none.code).toBe(78);
    expect(none.stderr).toMatch(/^fsmon: no Kafka brokers: set KAFKA_BROKERS or --brokers/);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
