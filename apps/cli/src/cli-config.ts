import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT } from './cli-error';

export const DEFAULT_POLICY_URL = 'http://127.0.0.1:3003';

/** Where the CLI reads from: the variables, its flags, and the files `npm start` writes. */
export interface ConfigSources {
  env: Record<string, string | undefined>;
  cwd: string;
  /** The repository root: the default data directory is `<root>/tmp/fsmon`, as `npm start` uses. */
  repoRoot: string;
  flags: { policyUrl?: string; tokenFile?: string; brokers?: string };
}

/** One setting and where it came from, so errors can say which source to fix. */
export interface Resolved<T> {
  value: T;
  from: string;
}

/** The data directory of `npm start` (FSMON_DATA_DIR, relative to the current directory like the main job's). */
export function dataDir(s: ConfigSources): string {
  const dir = s.env.FSMON_DATA_DIR;
  return dir ? path.resolve(s.cwd, dir) : path.join(s.repoRoot, 'tmp/fsmon');
}

function fromFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').trim();
  return text === '' ? undefined : text;
}

/** --policy-url, FSMON_POLICY_URL, the running main job's policy-url file, or the default port. */
export function policyUrl(s: ConfigSources): Resolved<string> {
  const file = path.join(dataDir(s), 'policy-url');
  const [value, from] = s.flags.policyUrl
    ? [s.flags.policyUrl, '--policy-url']
    : s.env.FSMON_POLICY_URL
      ? [s.env.FSMON_POLICY_URL, 'FSMON_POLICY_URL']
      : [fromFile(file), file];
  const url = value ?? DEFAULT_POLICY_URL;
  if (!/^https?:\/\/[^/\s]+/.test(url)) throw new CliError(`${from}: "${url}" is not an http(s) URL`, EXIT.config);
  return { value: url.replace(/\/+$/, ''), from: value ? from : 'default' };
}

/**
 * The API token: --token-file, FSMON_TOKEN, FSMON_TOKEN_FILE, or the admin token `npm start`
 * writes to `<data dir>/admin-token`. There is no --token flag: a command line is visible to
 * every user in `ps`.
 */
export function apiToken(s: ConfigSources): Resolved<string> {
  const read = (file: string, from: string): Resolved<string> => {
    let text: string | undefined;
    try {
      text = fromFile(file);
    } catch (e) {
      throw new CliError(`${from}: cannot read ${file}: ${(e as Error).message}`, EXIT.noPerm);
    }
    if (text === undefined) throw new CliError(`${from}: ${file} is missing or empty`, EXIT.config);
    return { value: text, from: `${from} (${file})` };
  };
  if (s.flags.tokenFile) return read(path.resolve(s.cwd, s.flags.tokenFile), '--token-file');
  if (s.env.FSMON_TOKEN) return { value: s.env.FSMON_TOKEN.trim(), from: 'FSMON_TOKEN' };
  if (s.env.FSMON_TOKEN_FILE) return read(path.resolve(s.cwd, s.env.FSMON_TOKEN_FILE), 'FSMON_TOKEN_FILE');
  const file = path.join(dataDir(s), 'admin-token');
  if (!existsSync(file)) {
    throw new CliError(`no API token: set FSMON_TOKEN or FSMON_TOKEN_FILE, or start fsmon with \`npm start\`, which writes ${file}`, EXIT.config);
  }
  return read(file, 'the admin token of `npm start`');
}

/** --brokers, KAFKA_BROKERS, or the running main job's kafka-brokers file. */
export function kafkaBrokers(s: ConfigSources): Resolved<string[]> {
  const file = path.join(dataDir(s), 'kafka-brokers');
  const [value, from] = s.flags.brokers ? [s.flags.brokers, '--brokers'] : s.env.KAFKA_BROKERS ? [s.env.KAFKA_BROKERS, 'KAFKA_BROKERS'] : [fromFile(file), file];
  if (value === undefined) {
    throw new CliError(`no Kafka brokers: set KAFKA_BROKERS or --brokers, or start fsmon with \`npm start\`, which writes ${file}`, EXIT.config);
  }
  const brokers = value.split(',').map((b) => b.trim()).filter(Boolean);
  const bad = brokers.filter((b) => !/^[^\s:]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || bad.length > 0) throw new CliError(`${from}: expected host:port[,host:port...], got "${value}"`, EXIT.config);
  return { value: brokers, from };
}

/** The repository root: the nearest directory above `start` with nx.json (source and dist/ trees alike). */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
