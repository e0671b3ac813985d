import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileAccessRule, GroupPolicy } from '@fsmon/contracts';
import { Topics } from '@fsmon/contracts';
import { EventPublisher } from '@fsmon/kafka';
import { collectorStatus, freePort, startTestKafka, startTestRedis, type TestKafka, type TestRedis, uniqueGroupId, uniquePrefix, waitUntil } from '@fsmon/testing';
import { runFsmon } from './support/cli.process';
import { PolicyProcess } from './support/policy.process';

jest.setTimeout(240_000);

const ADMIN_TOKEN = 'cli-admin-token-0123456789abcdef0123456789ab';
const READ_TOKEN = 'cli-read-token-0123456789abcdef0123456789abc';
const EX = { ok: 0, usage: 64, dataErr: 65, unavailable: 69, noPerm: 77 } as const;

interface FilterView {
  key: string;
  filter: { filter: string; behavior: string; customerAdd: boolean };
  accessRule: { apps: string[]; failMode: string } | null;
}

/**
 * The `fsmon` commands that talk to the admin API, each run as its own process against a real
 * policy app (its own process, real redis-server, embedded Kafka), and checked back through the
 * policy's HTTP API.
 */
describe('fsmon against a running policy app', () => {
  let redis: TestRedis;
  let kafka: TestKafka;
  let policy: PolicyProcess;
  let dataDir: string;

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startTestRedis(), startTestKafka()]);
    policy = new PolicyProcess(await freePort(), {
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('cli'),
      POLICY_ADMIN_TOKENS: ADMIN_TOKEN,
      POLICY_READ_TOKENS: READ_TOKEN,
      POLICY_GROUP_ID: uniqueGroupId('cli-policy'),
      POLICY_KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    await policy.waitHealthy();
    // An empty data dir: the CLI must not find the admin token or run files of a real `npm start`.
    dataDir = mkdtempSync(path.join(tmpdir(), 'fsmon-cli-int-'));
  });

  afterAll(async () => {
    await policy?.stop();
    await kafka?.stop();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (over: Record<string, string> = {}) => ({ FSMON_DATA_DIR: dataDir, FSMON_POLICY_URL: policy.url, FSMON_TOKEN: ADMIN_TOKEN, ...over });
  const fsmon = (args: string[], over?: Record<string, string>) => runFsmon(args, env(over));

  it('lists the collectors: none yet, then the one whose status arrived', async () => {
    const none = await fsmon(['collectors']);
    expect(none).toMatchObject({ code: EX.ok, stderr: '' });
    expect(none.stdout).toMatch(/^no collector has reported yet/);

    const { revision } = await policy.get<{ revision: number }>(READ_TOKEN, '/collectors');
    const publisher = new EventPublisher(kafka.kafka);
    try {
      await publisher.publish(Topics.CollectorStatus, [{ key: 'cli-node-a', value: collectorStatus('cli-node-a', revision, { drops: { 'kernel-overflow': 2 } }) }]);
    } finally {
      await publisher.disconnect();
    }
    await waitUntil('the status to reach the policy', async () => ((await policy.get<{ collectors: unknown[] }>(READ_TOKEN, '/collectors')).collectors.length === 1 ? true : undefined), 30_000, 200);

    const listed = await fsmon(['collectors']);
    expect(listed.code).toBe(EX.ok);
    const [header, row, ...rest] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^COLLECTOR\s+HOST\s+STATE\s+POLICY\s+WORKLOADS\s+BLOCKING\s+LAST STATUS\s+DROPS$/);
    expect(row).toMatch(new RegExp(`^cli-node-a\\s+node-cli-node-a\\s+ok\\s+rev ${revision}/${revision}\\s+2\\s+yes\\s+\\d+s ago\\s+kernel-overflow=2$`));
    expect(rest).toEqual([]);

    // Read access is enough for a listing; --json is the API's answer as it came.
    const json = await fsmon(['collectors', '--json'], { FSMON_TOKEN: READ_TOKEN });
    expect(json).toMatchObject({ code: EX.ok, stderr: '' });
    expect(JSON.parse(json.stdout)).toMatchObject({ revision, collectors: [{ collectorId: 'cli-node-a', containers: 2, drops: { 'kernel-overflow': 2 } }] });
  });

  it('creates and shows a group, switches its mode, and the policy API agrees', async () => {
    const created = await fsmon(['group', 'create', 'web', '--name', 'web-*', '--label', 'tier=front']);
    expect(created.code).toBe(EX.ok);
    expect(created.stdout).toMatch(/^group web created in Discover mode with \d+ filters; policy revision \d+, (pushed to the collectors|push pending)/);

    const list = await fsmon(['group', 'list']);
    expect(list.code).toBe(EX.ok);
    expect(list.stdout).toMatch(/^GROUP\s+MODE\s+FILTERS\s+SELECTS$/m);
    expect(list.stdout).toMatch(/^web\s+Discover\s+0 custom \+ \d+ default\s+name=web-\*, label tier=front$/m);

    const shown = await fsmon(['group', 'show', 'web']);
    expect(shown.code).toBe(EX.ok);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^group web {2}mode Discover {2}revision \d+ {2}updated \S+$/);
    expect(lines[1]).toBe('selects: name=web-*, label tier=front');
    expect(lines[3]).toMatch(/^FILTER\s+BEHAVIOR\s+RECURSIVE\s+KIND\s+ALLOWED APPS$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\/etc\/passwd\s+monitor\s+no\s+default\s+-$/));

    const moded = await fsmon(['group', 'mode', 'web', 'protect']);
    expect(moded.code).toBe(EX.ok);
    expect(moded.stdout).toMatch(/^group web is now in Protect mode; policy revision \d+/);
    expect((await policy.get<GroupPolicy>(READ_TOKEN, '/groups/web')).profile.mode).toBe('Protect');

    const json = await fsmon(['group', 'show', 'web', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'web', profile: { mode: 'Protect' } });
  });

  it('adds a block filter, replaces its allowed apps, shows the rules and removes it', async () => {
    const added = await fsmon(['group', 'filter', 'add', 'web', '/etc/app.conf', '--block', '--allow', '/opt/app/cat']);
    expect(added.code).toBe(EX.ok);
    expect(added.stdout).toMatch(/^filter \/etc\/app\.conf \(key \S+\) added to web: block_access, allowed apps: \/opt\/app\/cat; policy revision \d+/);
    const filters = await policy.get<FilterView[]>(READ_TOKEN, '/groups/web/filters');
    const custom = filters.find((f) => f.filter.filter === '/etc/app.conf');
    expect(custom).toMatchObject({ filter: { behavior: 'block_access', customerAdd: true }, accessRule: { apps: ['/opt/app/cat'] } });

    const set = await fsmon(['group', 'rules', 'set', 'web', '/etc/app.conf', '--allow', 'vi', '--allow', '/usr/bin/cat', '--fail-mode', 'closed']);
    expect(set.code).toBe(EX.ok);
    expect(set.stdout).toMatch(/^web \/etc\/app\.conf: allowed apps \/usr\/bin\/cat, vi; policy revision \d+/);
    const rules = await policy.get<FileAccessRule>(READ_TOKEN, '/groups/web/access-rules');
    expect(rules.filters[custom?.key ?? '']).toMatchObject({ apps: ['/usr/bin/cat', 'vi'], behavior: 'block_access', failMode: 'closed' });

    const shown = await fsmon(['group', 'rules', 'show', 'web']);
    expect(shown.code).toBe(EX.ok);
    expect(shown.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^FILTER\s+BEHAVIOR\s+FAIL MODE\s+ALLOWED APPS$/),
      expect.stringMatching(/^\/etc\/app\.conf\s+block\s+closed\s+\/usr\/bin\/cat, vi$/),
    ]);

    const none = await fsmon(['group', 'rules', 'set', 'web', '/etc/app.conf', '--none']);
    expect(none.stdout).toMatch(/allowed apps \(none\)/);
    expect((await policy.get<FileAccessRule>(READ_TOKEN, '/groups/web/access-rules')).filters[custom?.key ?? ''].apps).toEqual([]);

    const removed = await fsmon(['group', 'filter', 'remove', 'web', '/etc/app.conf']);
    expect(removed.code).toBe(EX.ok);
    expect(removed.stdout).toMatch(/^filter \/etc\/app\.conf removed from web; policy revision \d+/);
    expect((await policy.get<FilterView[]>(READ_TOKEN, '/groups/web/filters')).some((f) => f.filter.filter === '/etc/app.conf')).toBe(false);
  });

  it('explains a bad token, a read-only token, an unknown group or filter, and bad input, with the exit code', async () => {
    const bad = await fsmon(['group', 'list'], { FSMON_TOKEN: 'not-the-token-0123456789abcdef0123456789' });
    expect(bad.code).toBe(EX.noPerm);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^fsmon: GET \/groups failed: \S+: .+ \(token from FSMON_TOKEN\)\n$/);
    expect(bad.stderr).not.toContain('not-the-token');

    const tokenFile = path.join(dataDir, 'wrong-token');
    writeFileSync(tokenFile, 'w'.repeat(40), { mode: 0o600 });
    const fromFile = await fsmon(['collectors', '--token-file', tokenFile], {});
    expect(fromFile.code).toBe(EX.noPerm);
    expect(fromFile.stderr).toContain(`(token from --token-file (${tokenFile}))`);

    const readOnly = await fsmon(['group', 'mode', 'web', 'monitor'], { FSMON_TOKEN: READ_TOKEN });
    expect(readOnly.code).toBe(EX.noPerm);
    expect(readOnly.stderr).toMatch(/PUT \/groups\/web\/mode failed: .*has no admin scope/);
    expect((await policy.get<GroupPolicy>(READ_TOKEN, '/groups/web')).profile.mode).toBe('Protect');

    const missing = await fsmon(['group', 'show', 'nosuch']);
    expect(missing.code).toBe(EX.dataErr);
    expect(missing.stderr).toMatch(/^fsmon: GET \/groups\/nosuch failed: \S+: .*nosuch/);

    const noFilter = await fsmon(['group', 'filter', 'remove', 'web', '/nope']);
    expect(noFilter.code).toBe(EX.dataErr);
    expect(noFilter.stderr).toBe('fsmon: group web has no filter "/nope" (and no custom filters)\n');

    const badMode = await fsmon(['group', 'mode', 'web', 'sideways']);
    expect(badMode).toMatchObject({ code: EX.usage, stdout: '', stderr: 'fsmon: unknown mode "sideways": expected Discover, Monitor, Protect\n' });

    const badPattern = await fsmon(['group', 'filter', 'add', 'web', 'relative/path']);
    expect(badPattern.code).toBe(EX.dataErr);
    expect(badPattern.stderr).toMatch(/^fsmon: POST \/groups\/web\/filters failed: \S+: /);

    const duplicate = await fsmon(['group', 'create', 'web']);
    expect(duplicate.code).toBe(EX.dataErr);
    expect(duplicate.stderr).toMatch(/^fsmon: POST \/groups failed: \S+: .*web/);
  });
});

