import { createServer, type Server } from 'node:net';
import { freePort } from './net.testing';

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

describe(freePort.name, () => {
  it('gives a port that can be bound right away', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    const server = await listen(port, '127.0.0.1');
    await new Promise((resolve) => server.close(resolve));
  });

  it('rejects with the listen error for an address this machine does not have', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned; nothing is sent, bind fails locally.
    await expect(freePort('192.0.2.1')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});
