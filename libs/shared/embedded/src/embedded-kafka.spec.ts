import { connect, type Socket } from 'node:net';
import { EmbeddedKafkaInUseError, startEmbeddedKafka } from './embedded-kafka';

// Group joins take ~3 s on the embedded broker; the preset's testTimeout is not applied when jest
// runs the projects from the root config, so the bound is set here.
jest.setTimeout(30_000);

/** Connects to `address` and reports whether the peer kept the connection open for `ms`. */
function staysOpen(address: string, ms = 300): Promise<{ open: boolean; socket: Socket }> {
  const [host, port] = address.split(':');
  const socket = connect(Number(port), host);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ open: true, socket }), ms);
    const closed = () => {
      clearTimeout(timer);
      resolve({ open: false, socket });
    };
    socket.once('close', closed);
    socket.once('error', closed);
  });
}

describe(startEmbeddedKafka.name, () => {
  it('listens on one loopback port per broker and validates its arguments', async () => {
    const sut = await startEmbeddedKafka({ brokers: 2, topics: { 'spec.extra': 3 } });
    try {
      expect(sut.brokers).toHaveLength(2);
      expect(sut.bootstrap).toBe(sut.brokers.join(','));
      for (const b of sut.brokers) expect(b).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(() => sut.setBrokerDown(0)).toThrow(RangeError);
      expect(() => sut.setBrokerUp(3)).toThrow(RangeError);
      await expect(sut.createTopic('spec.zero', 0)).rejects.toThrow(RangeError);
      await expect(sut.createTopic('spec.extra', 3)).resolves.toBeUndefined();
    } finally {
      await sut.stop();
    }
  });

  it('refuses connections to a broker that is down until it is up again', async () => {
    const sut = await startEmbeddedKafka();
    const sockets: Socket[] = [];
    try {
      sut.setBrokerDown(1);
      const down = await staysOpen(sut.brokers[0]);
      sockets.push(down.socket);
      expect(down.open).toBe(false);
      sut.setBrokerUp(1);
      const up = await staysOpen(sut.brokers[0]);
      sockets.push(up.socket);
      expect(up.open).toBe(true);
    } finally {
      sockets.forEach((s) => s.destroy());
      await sut.stop();
    }
  });

  it('closes the connections of a broker set down, unless they are held: then they stay open, unanswered', async () => {
    const sut = await startEmbeddedKafka();
    const sockets: Socket[] = [];
    try {
      const plain = await staysOpen(sut.brokers[0], 100);
      sockets.push(plain.socket);
      const held = await staysOpen(sut.brokers[0], 100);
      sockets.push(held.socket);
      plain.socket.destroy();
      await new Promise((resolve) => plain.socket.once('close', resolve));
      const hold = await sut.holdConnections();
      expect(hold.held).toBe(1);
      const dropped = await staysOpen(sut.brokers[0], 100); // opened after the hold: not held
      sockets.push(dropped.socket);
      const droppedClosed = new Promise((resolve) => dropped.socket.once('close', resolve));
      const heldClosed = new Promise((resolve) => held.socket.once('close', resolve));
      let heldOpen = true;
      void heldClosed.then(() => (heldOpen = false));
      sut.setBrokerDown(1);
      await droppedClosed;
      held.socket.write(Buffer.alloc(8)); // a request no one will read
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heldOpen).toBe(true);
      await hold.release();
      await heldClosed;
      await expect(hold.release()).resolves.toBeUndefined();
    } finally {
      sockets.forEach((s) => s.destroy());
      await sut.stop();
    }
  });

  it('reports clients still connected at stop(), and stop() is idempotent', async () => {
    const sut = await startEmbeddedKafka();
    const { socket } = await staysOpen(sut.brokers[0]);
    try {
      const stopping = sut.stop();
      await expect(stopping).rejects.toBeInstanceOf(EmbeddedKafkaInUseError);
      await expect(stopping).rejects.toMatchObject({ code: 'EMBEDDED_KAFKA_IN_USE', openConnections: 1, holders: [expect.stringMatching(new RegExp(`^pid ${process.pid} \\(`))] });
      await expect(stopping).rejects.toThrow(`held by pid ${process.pid} (`);
      expect(sut.stop()).toBe(stopping);
      expect(() => sut.setBrokerDown(1)).toThrow('stopped');
    } finally {
      socket.destroy();
    }
  });

  it('stops cleanly when no client is connected', async () => {
    const sut = await startEmbeddedKafka();
    await expect(sut.stop()).resolves.toBeUndefined();
    await expect(sut.stop()).resolves.toBeUndefined();
  });
});
