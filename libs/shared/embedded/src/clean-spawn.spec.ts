import { spawn, spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { withoutInheritedFds } from './clean-spawn';
import { startEmbeddedKafka } from './embedded-kafka';
import { socketInodesOf } from './tcp-sockets';

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
      await new Promise((r) => setTimeout(r, 200)); // the mock accepts on its own thread
      const brokerSide = [...socketInodesOf(process.pid)];
      const plain = spawn('sleep', ['30'], { stdio: 'ignore' });
      const [cmd, args] = withoutInheritedFds('sleep', ['30']);
      const clean = spawn(cmd, args, { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 300)); // bash has closed and exec'd by then
        const inheritedPlain = [...socketInodesOf(plain.pid as number)].filter((i) => brokerSide.includes(i));
        expect(inheritedPlain.length).toBeGreaterThan(0); // the quirk this guards against
        expect([...socketInodesOf(clean.pid as number)]).toEqual([]);
      } finally {
        plain.kill('SIGKILL');
        clean.kill('SIGKILL');
      }
    } finally {
      socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      await kafka.stop();
    }
  });
});
