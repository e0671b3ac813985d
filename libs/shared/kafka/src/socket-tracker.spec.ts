import net from 'node:net';
import { SocketTracker } from './socket-tracker';

describe(SocketTracker.name, () => {
  let server: net.Server;
  let port: number;
  const serverSide: net.Socket[] = [];
  /** Whether the server answers a client's FIN with its own, as a broker does. */
  let answersFin = true;

  beforeAll(async () => {
    server = net.createServer({ allowHalfOpen: true }, (s) => {
      serverSide.push(s);
      s.on('end', () => answersFin && s.end());
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    serverSide.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  function connect(tracker: SocketTracker): Promise<net.Socket> {
    return new Promise((resolve) => {
      const socket = tracker.factory({ host: '127.0.0.1', port, ssl: null as never, onConnect: () => resolve(socket) });
    });
  }

  it('closes what is still open, counting only sockets nobody began to close', async () => {
    const sut = new SocketTracker();
    const [kept, ended] = await Promise.all([connect(sut), connect(sut)]);
    ended.end();
    expect(sut.openCount).toBe(2);
    const closed = Promise.all([kept, ended].map((s) => new Promise((resolve) => s.once('close', resolve))));
    expect(sut.closeAll()).toBe(1);
    await closed;
    expect(kept.destroyed && ended.destroyed).toBe(true);
  });

  it('closes a socket whose peer never answers the FIN after the grace, with an error', async () => {
    const sut = new SocketTracker();
    answersFin = false;
    const socket = await connect(sut);
    const errored = new Promise<Error>((resolve) => socket.once('error', resolve));
    sut.closeAll(50);
    await expect(errored).resolves.toMatchObject({ code: 'ECONNABORTED' });
    answersFin = true;
  });

  it('refuses new sockets after closeAll, as a refused connection', async () => {
    const sut = new SocketTracker();
    sut.closeAll();
    const socket = sut.factory({ host: '127.0.0.1', port, ssl: null as never, onConnect: () => undefined });
    await expect(new Promise((_, reject) => socket.once('error', reject))).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect(sut.openCount).toBe(0);
  });
});
