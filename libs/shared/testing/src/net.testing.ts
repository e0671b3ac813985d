import { createServer } from 'node:net';

/**
 * A TCP port that is free on `host` right now: the kernel picks one for a throwaway listener,
 * which is closed before this resolves. Nothing holds it afterwards, so another process may take
 * it first: bind it at once (an app under test gets it as HTTP_PORT and listens on start).
 * @throws (rejects) when `host` is not an address of this machine, with the listen error.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
