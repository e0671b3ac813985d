import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { EmbeddedRedisError, startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';

/** Sends one inline command over raw RESP and returns the raw reply (bounded). */
function raw(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (error: Error | null) => {
      clearTimeout(timer);
      sock.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    const timer = setTimeout(() => finish(new Error(`no reply to ${command} within 2 s`)), 2000);
    sock.once('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d) => {
      reply += d.toString();
      if (/\r\n$/.test(reply)) finish(null);
    });
    sock.once('error', finish);
  });
}

/** A zombie (dead, not yet reaped by whoever inherited it) counts as dead. */
const alive = (pid: number) => {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(startEmbeddedRedis.name, () => {
  let sut: EmbeddedRedis | undefined;
  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  it('starts a loopback-only server with a pidfile and answers PING', async () => {
    sut = await startEmbeddedRedis();
    expect(sut.url).toBe(`redis://127.0.0.1:${sut.port}`);
    expect(await raw(sut.port, 'PING')).toBe('+PONG\r\n');
    expect(await raw(sut.port, 'CONFIG GET bind')).toContain('127.0.0.1');
    expect((await raw(sut.port, 'CONFIG GET dir')).split('\r\n')[4]).toBe(sut.dir);
    expect(readFileSync(join(sut.dir, `redis-${sut.port}.pid`), 'utf8').trim()).toBe(String(sut.pid));
    expect(await raw(sut.port, 'CONFIG GET save')).toContain('$0\r\n\r\n');
  });

  it('stop() ends the process and frees the port; restart() brings it back on the same port', async () => {
    sut = await startEmbeddedRedis();
    const pid = sut.pid;
    await sut.stop();
    expect(alive(pid)).toBe(false);
    await expect(raw(sut.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await sut.stop();
    await sut.restart();
    expect(await raw(sut.port, 'PING')).toBe('+PONG\r\n');
  });

  it('restart() comes back on the same port; with appendonly the data survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-redis-spec-'));
    try {
      sut = await startEmbeddedRedis({ dir, appendonly: true });
      const [port, pid] = [sut.port, sut.pid];
      expect(await raw(port, 'SET k v1')).toBe('+OK\r\n');
      await sut.restart();
      expect([sut.port, sut.pid === pid]).toEqual([port, false]);
      expect(await raw(port, 'GET k')).toBe('$2\r\nv1\r\n');
    } finally {
      await sut?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a missing binary with a clear error', async () => {
    const started = startEmbeddedRedis({ binary: 'redis-server-not-installed' });
    await expect(started).rejects.toBeInstanceOf(EmbeddedRedisError);
    await expect(started).rejects.toMatchObject({ code: 'REDIS_SERVER_MISSING', message: expect.stringContaining('install Debian package redis-server') });
  });

  it('rejects a taken port with the server log in the message', async () => {
    sut = await startEmbeddedRedis();
    await expect(startEmbeddedRedis({ port: sut.port })).rejects.toMatchObject({
      code: 'REDIS_START_FAILED',
      message: expect.stringMatching(/Address already in use/),
    });
  });

  describe('when the parent process ends', () => {
    let work: string;
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'embedded-redis-parent-'));
      const source = readFileSync(join(__dirname, 'embedded-redis.ts'), 'utf8');
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
      writeFileSync(join(work, 'embedded-redis.js'), js.outputText);
      writeFileSync(
        join(work, 'parent.js'),
        `require('./embedded-redis').startEmbeddedRedis().then((r) => {
           console.log(JSON.stringify({ pid: r.pid, port: r.port, dir: r.dir }));
           if (process.argv[2] === 'exit') process.exit(0);
           setInterval(() => {}, 1000);
         });`,
      );
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it.each(['SIGKILL', 'SIGTERM', 'exit'] as const)('the server dies with it (%s)', async (how) => {
      const parent = spawn(process.execPath, [join(work, 'parent.js'), how], { stdio: ['ignore', 'pipe', 'inherit'] });
      const started = await new Promise<{ pid: number; port: number; dir: string }>((resolve, reject) => {
        const timer = setTimeout(() => {
          parent.kill('SIGKILL');
          reject(new Error('parent did not start redis within 10 s'));
        }, 10_000);
        parent.stdout.once('data', (d: Buffer) => {
          clearTimeout(timer);
          resolve(JSON.parse(d.toString()));
        });
      });
      if (how !== 'exit') {
        expect(alive(started.pid)).toBe(true);
        parent.kill(how);
      }
      await until(`redis pid ${started.pid} to exit after its parent (${how})`, () => !alive(started.pid));
      await expect(raw(started.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
      // An exit hook removes the temporary directory; a signal or SIGKILL gives it no chance.
      if (how === 'exit') expect(existsSync(started.dir)).toBe(false);
      else rmSync(started.dir, { recursive: true, force: true });
    });
  });
});
