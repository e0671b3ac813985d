import { spawn, spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { withoutInheritedFds } from './clean-spawn';
import { startEmbeddedKafka } from './embedded-kafka';
import { readFileSync } from 'node:fs';
import { socketInodesOf, tcpSockets } from './tcp-sockets';

/** Polls `ok` every 20 ms for up to 10 s; rejects naming `what`. */
async function until(ok: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Descriptors a command sees, listed by itself. */
function fdsSeenBy(cmd: string, args: string[]): number[] {
  const out = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  if (out.status !== 0) throw new Error(`${cmd} failed: ${out.stderr}`);
  return out.stdout.trim().split(/\s+/).map(Number).sort((a, b) => a - b);
}

describe('withoutInheritedFds', () => {
  /** `sh` listing its own descriptors (ls reads the shell's table, not its own). */
  const listOwnFds: [string, string[]] = ['sh', ['-c', 'ls /proc/$$/fd']];

  it('runs the command with its arguments and exit status', () => {
    const [cmd, args] = withoutInheritedFds('sh', ['-c', 'echo "$1 $2"; exit 3', 'sh', 'a b', '$HOME']);
    const out = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    expect(out.stdout).toBe('a b $HOME\n');
    expect(out.status).toBe(3);
  });

  it('leaves the child only stdin, stdout and stderr, even a descriptor without close-on-exec', () => {
    // spawnSync's pipes are close-on-exec; an inherited descriptor is made with a shell redirect
    // (no close-on-exec), exactly as the mock broker's accepted sockets are.
    const leaky = ['bash', ['-c', 'exec 7</dev/null 12</dev/null; exec "$@"', 'x']] as const;
    expect(fdsSeenBy(leaky[0], [...leaky[1], listOwnFds[0], ...listOwnFds[1]])).toEqual(expect.arrayContaining([7, 12]));
    const [cmd, args] = withoutInheritedFds(...listOwnFds);
    expect(fdsSeenBy(leaky[0], [...leaky[1], cmd, ...args])).toEqual([0, 1, 2]);
  });

  it("keeps the embedded broker's accepted connections out of a spawned child", async () => {
    const kafka = await startEmbeddedKafka();
    const socket = new Socket();
    try {
      await new Promise<void>((resolve, reject) => socket.once('error', reject).connect(Number(kafka.brokers[0].split(':')[1]), '127.0.0.1', resolve));
      // The mock accepts on its own thread: wait (bounded) until its end of the connection exists here.
      const brokerPort = Number(kafka.brokers[0].split(':')[1]);
      const acceptedHere = () => tcpSockets().filter((s) => s.established && s.localPort === brokerPort && socketInodesOf(process.pid).has(s.inode));
      await until(() => acceptedHere().length > 0, 'the broker accepted the connection');
      const brokerSide = [...socketInodesOf(process.pid)];
      const plain = spawn('sleep', ['30'], { stdio: 'ignore' });
      const [cmd, args] = withoutInheritedFds('sleep', ['30']);
      const clean = spawn(cmd, args, { stdio: 'ignore' });
      try {
        // bash closes the descriptors, then execs sleep: the fd table is final once the exec happened.
        await until(() => commOf(clean.pid as number) === 'sleep' && commOf(plain.pid as number) === 'sleep', 'both children exec\'d sleep');
        const inheritedPlain = [...socketInodesOf(plain.pid as number)].filter((i) => brokerSide.includes(i));
        expect(inheritedPlain.length).toBeGreaterThan(0); // the quirk this guards against
        expect([...socketInodesOf(clean.pid as number)]).toEqual([]);
      } finally {
        plain.kill('SIGKILL');
        clean.kill('SIGKILL');
      }
    } finally {
      socket.destroy();
      await kafka.stop(); // waits (bounded) for the connection to close
    }
  });
});
