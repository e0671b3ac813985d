import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@fsmon/testing';
import { REPO_ROOT, runFsmon } from './support/cli.process';

jest.setTimeout(180_000);

const TOKEN = 'cli-token-0123456789abcdef0123456789abcdef';

/**
 * What `fsmon` says, and exits with, when the policy API or Kafka cannot be reached, when
 * something else answers, and for bad arguments and configuration: one line on stderr, nothing on
 * stdout, a sysexits code, never a stack trace. Each case runs the CLI as its own process.
 */
describe('fsmon errors', () => {
  let dataDir: string;
  const servers: (Server | HttpServer)[] = [];
  const sockets: Socket[] = [];

  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'fsmon-cli-errors-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const s of servers.splice(0)) {
      (s as HttpServer).closeAllConnections?.();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  const fsmon = (args: string[], env: Record<string, string> = {}) => runFsmon(args, { FSMON_DATA_DIR: dataDir, FSMON_TOKEN: TOKEN, ...env });
  const listen = async <S extends Server | HttpServer>(server: S): Promise<string> => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);

  it('policy unreachable: nothing listens on the port', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await fsmon(['collectors'], { FSMON_POLICY_URL: url });
    expect(r).toMatchObject({ code: 69, stdout: '' });
    expect(r.stderr).toBe(`fsmon: cannot reach the policy API at ${url} (ECONNREFUSED; from FSMON_POLICY_URL): is fsmon running (\`npm start\`)?\n`);
  });

  it('policy unreachable: the port takes the connection and never answers (bounded by the request timeout)', async () => {
    const url = await listen(createServer((socket) => sockets.push(socket)));
    const r = await fsmon(['group', 'list', '--policy-url', url]);
    expect(r).toMatchObject({ code: 69, stdout: '' });
    expect(r.stderr).toBe(`fsmon: cannot reach the policy API at ${url} (no answer within 10 s; from --policy-url): is fsmon running (\`npm start\`)?\n`);
  });

  it('an answer that stops half-way, and one that is not JSON', async () => {
    const stalled = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"groups": [');
      }),
    );
    const half = await fsmon(['group', 'list'], { FSMON_POLICY_URL: stalled });
    expect(half).toMatchObject({ code: 69, stdout: '' });
    expect(half.stderr).toBe(`fsmon: the policy API at ${stalled} did not finish its answer to GET /groups (no answer within 10 s)\n`);

    const html = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a router login page</html>')));
    const other = await fsmon(['collectors'], { FSMON_POLICY_URL: html });
    expect(other).toMatchObject({ code: 76, stdout: '' });
    expect(other.stderr).toBe(`fsmon: GET /collectors: the answer from ${html} is not JSON (from FSMON_POLICY_URL): is that the policy API?\n`);
  });

  it('Kafka unreachable for reports tail: one clear line, bounded', async () => {
    const brokers = `127.0.0.1:${await freePort()}`;
    const r = await fsmon(['reports', 'tail', '--brokers', brokers]);
    expect(r).toMatchObject({ code: 69, stdout: '' });
    // The last line says what failed; kafkajs's per-retry connection errors are not shown.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^fsmon: reading fsmon\\.reports\\.v1 from ${brokers} \\(from --brokers\\): .*ECONNREFUSED`));
    expect(r.stderr).not.toMatch(/\[Connection\]|\[BrokerPool\]|retryCount|\n\s+at /);
  });

  it('bad configuration: no token, a URL that is not http', async () => {
    const noToken = await runFsmon(['collectors'], { FSMON_DATA_DIR: dataDir, FSMON_POLICY_URL: 'http://127.0.0.1:9' });
    expect(noToken).toMatchObject({ code: 78, stdout: '' });
    expect(noToken.stderr).toBe(`fsmon: no API token: set FSMON_TOKEN or FSMON_TOKEN_FILE, or start fsmon with \`npm start\`, which writes ${path.join(dataDir, 'admin-token')}\n`);

    const badUrl = await fsmon(['group', 'list'], { FSMON_POLICY_URL: 'policy:3003' });
    expect(badUrl).toMatchObject({ code: 78, stdout: '', stderr: 'fsmon: FSMON_POLICY_URL: "policy:3003" is not an http(s) URL\n' });

    const missingFile = await fsmon(['group', 'list', '--token-file', 'nope'], {});
    expect(missingFile.code).toBe(78);
    expect(missingFile.stderr).toBe(`fsmon: --token-file: ${path.join(REPO_ROOT, 'nope')} is missing or empty\n`);
  });

  it('bad arguments: exit 64 with the usage, help on stdout with exit 0', async () => {
    const cases: [string[], RegExp][] = [
      [['group', 'mode', 'web'], /^fsmon: usage: fsmon group mode <group> <mode>\n$/],
      [['group', 'mod', 'web'], /^fsmon: unknown command "group mod web"; did you mean: group list, group show, .* \(fsmon --help lists them\)\n$/],
      [['collectors', '--bogus'], /^fsmon: fsmon collectors: Unknown option '--bogus'/],
      [['group', 'rules', 'set', 'web', '/etc/x'], /^fsmon: give the allowed apps with --allow APP \(repeatable\), or --none to allow no app\n$/],
      [['group', 'filter', 'add', 'web', '/etc/x', '--fail-mode', 'ajar'], /^fsmon: --fail-mode: expected open or closed, got "ajar"\n$/],
      [['group', 'create', 'web', '--label', 'novalue'], /^fsmon: --label: expected key=value, got "novalue"\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await fsmon(args, { FSMON_POLICY_URL: 'http://127.0.0.1:9' });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 64, stdout: '' });
      expect(r.stderr).toMatch(stderr);
      noStack(r.stderr);
    }

    const help = await fsmon(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^fsmon: the file monitor from a terminal/);
    expect(help.stdout).toContain('  fsmon reports tail ');
    const none = await fsmon([]);
    expect(none).toMatchObject({ code: 64, stdout: help.stdout });
    const one = await fsmon(['group', 'filter', 'add', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^usage: fsmon group filter add <group> <pattern> \[--recursive\] \[--block\]/);
  });

  it('the bin says to build first when the compiled tree is missing', () => {
    // The bin finds dist/ three levels up: a copy in an empty tree has none.
    const tree = mkdtempSync(path.join(tmpdir(), 'fsmon-cli-bin-'));
    try {
      mkdirSync(path.join(tree, 'apps/cli/bin'), { recursive: true });
      copyFileSync(path.join(REPO_ROOT, 'apps/cli/bin/fsmon.js'), path.join(tree, 'apps/cli/bin/fsmon.js'));
      const r = spawnSync(process.execPath, [path.join(tree, 'apps/cli/bin/fsmon.js'), 'collectors'], { cwd: tree, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(69);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`fsmon: dist/apps/cli/src/main.js is missing; build first: npm run build (in ${tree})\n`);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
