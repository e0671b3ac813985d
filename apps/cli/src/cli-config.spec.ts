import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiToken, type ConfigSources, dataDir, DEFAULT_POLICY_URL, kafkaBrokers, policyUrl } from './cli-config';
import { CliError } from './cli-error';

describe('cli config', () => {
  let dir: string;
  const sources = (over: Partial<ConfigSources> = {}): ConfigSources => ({ env: {}, cwd: dir, repoRoot: dir, flags: {}, ...over });

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'fsmon-cli-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults the data dir to tmp/fsmon in the repository, FSMON_DATA_DIR relative to the current directory', () => {
    expect(dataDir(sources())).toBe(path.join(dir, 'tmp/fsmon'));
    expect(dataDir(sources({ env: { FSMON_DATA_DIR: 'data' }, cwd: '/srv' }))).toBe('/srv/data');
  });

  it('takes the policy URL from the flag, the variable, the run file, else the default port', () => {
    expect(policyUrl(sources())).toEqual({ value: DEFAULT_POLICY_URL, from: 'default' });
    const file = path.join(dir, 'run', 'policy-url');
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'http://127.0.0.1:4003\n');
    expect(policyUrl(sources({ env: { FSMON_DATA_DIR: 'run' } })).value).toBe('http://127.0.0.1:4003');
    expect(policyUrl(sources({ env: { FSMON_DATA_DIR: 'run', FSMON_POLICY_URL: 'http://p:1/' } })).value).toBe('http://p:1');
    expect(policyUrl(sources({ env: { FSMON_POLICY_URL: 'http://p:1' }, flags: { policyUrl: 'http://f:2' } }))).toEqual({ value: 'http://f:2', from: '--policy-url' });
    expect(() => policyUrl(sources({ env: { FSMON_POLICY_URL: 'p:1' } }))).toThrow('FSMON_POLICY_URL: "p:1" is not an http(s) URL');
  });

  it('reads the token from the flag file, FSMON_TOKEN, FSMON_TOKEN_FILE or the admin token of npm start', () => {
    expect(() => apiToken(sources())).toThrow(/no API token: set FSMON_TOKEN or FSMON_TOKEN_FILE/);
    const main = path.join(dir, 'tmp/fsmon/admin-token');
    mkdirSync(path.dirname(main), { recursive: true });
    writeFileSync(main, 'm'.repeat(40) + '\n', { mode: 0o600 });
    expect(apiToken(sources()).value).toBe('m'.repeat(40));
    writeFileSync(path.join(dir, 'other'), 'o'.repeat(40));
    expect(apiToken(sources({ env: { FSMON_TOKEN_FILE: 'other' } })).value).toBe('o'.repeat(40));
    expect(apiToken(sources({ env: { FSMON_TOKEN_FILE: 'other', FSMON_TOKEN: 't'.repeat(40) } })).value).toBe('t'.repeat(40));
    expect(apiToken(sources({ env: { FSMON_TOKEN: 't'.repeat(40) }, flags: { tokenFile: 'other' } })).from).toMatch(/^--token-file/);
    expect(() => apiToken(sources({ flags: { tokenFile: 'missing' } }))).toThrow(CliError);
  });

  it('explains an unreadable token file', () => {
    if (process.getuid?.() === 0) return; // root reads any file: nothing to explain
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'x'.repeat(40));
    chmodSync(file, 0o000);
    expect(() => apiToken(sources({ flags: { tokenFile: file } }))).toThrow(/cannot read/);
  });

  it('takes the brokers from the flag, KAFKA_BROKERS or the run file, and checks them', () => {
    expect(() => kafkaBrokers(sources())).toThrow(/no Kafka brokers/);
    expect(kafkaBrokers(sources({ env: { KAFKA_BROKERS: 'a:1, b:2' } })).value).toEqual(['a:1', 'b:2']);
    expect(kafkaBrokers(sources({ env: { KAFKA_BROKERS: 'a:1' }, flags: { brokers: 'c:3' } })).value).toEqual(['c:3']);
    expect(() => kafkaBrokers(sources({ env: { KAFKA_BROKERS: 'a' } }))).toThrow('KAFKA_BROKERS: expected host:port[,host:port...], got "a"');
  });
});
