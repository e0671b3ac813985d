import { connect, type Socket } from 'node:net';

/**
 * A bare RESP connection to the bench's private redis-server, for the measurements that must not
 * go through the app's client: INFO commandstats and MONITOR (ioredis belongs to @fsmon/redis,
 * whose store has neither). Only what the bench needs: inline commands, bulk/simple replies.
 */
export class RawRedis {
  private buffer = '';
  private wake?: () => void;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.wake?.();
    });
  }

  static open(port: number): Promise<RawRedis> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RawRedis(socket)));
      socket.once('error', reject);
    });
  }

  /** `INFO section` as name → value lines. */
  async info(section: string): Promise<Map<string, string>> {
    this.socket.write(`INFO ${section}\r\n`);
    const header = await this.readLine();
    const m = /^\$(\d+)$/.exec(header);
    if (!m) throw new Error(`INFO ${section}: unexpected reply ${header}`);
    const body = await this.readBytes(Number(m[1]) + 2);
    const out = new Map<string, string>();
    for (const line of body.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
    }
    return out;
  }

  /** Sends an inline command and returns its one-line reply (simple string, error or integer). */
  async simple(command: string): Promise<string> {
    this.socket.write(`${command}\r\n`);
    return this.readLine();
  }

  /** Starts MONITOR: every later line is one command some client (or a Lua script) ran. */
  async monitor(): Promise<void> {
    const ok = await this.simple('MONITOR');
    if (ok !== '+OK') throw new Error(`MONITOR: ${ok}`);
  }

  /** The next MONITOR line, waiting at most `timeoutMs`. */
  async nextLine(timeoutMs: number): Promise<string> {
    return this.readLine(timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }

  private async readLine(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buffer.indexOf('\r\n');
      if (i >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        return line;
      }
      await this.more(deadline);
    }
  }

  private async readBytes(n: number): Promise<string> {
    const deadline = Date.now() + 10_000;
    // INFO is ASCII, so characters are bytes.
    while (this.buffer.length < n) await this.more(deadline);
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return out;
  }

  private more(deadline: number): Promise<void> {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.reject(new Error('raw Redis connection: no reply in time'));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

/** `cmdstat_<name>` → calls, from INFO commandstats. */
export function commandCalls(stats: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of stats) {
    const m = /^cmdstat_(.+)$/.exec(key);
    const calls = /calls=(\d+)/.exec(value);
    if (m && calls) out.set(m[1], Number(calls[1]));
  }
  return out;
}
