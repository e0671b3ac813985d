import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** As kafkajs's own socket factory: TCP keep-alive after a minute of silence. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * The sockets one kafkajs client opened, so that its owner can make sure they are gone once the
 * client was told to disconnect.
 *
 * Why: kafkajs 2.2.4 can leave a connection open after `consumer.disconnect()` when it reconnected
 * after an outage (seen with the embedded broker: after a 3 s outage, 2 runs in 3 kept one socket
 * open after disconnect; its retry timers then keep the process alive and the broker never sees the
 * client leave). Sockets are made exactly as kafkajs's default factory makes them.
 */
export class SocketTracker {
  private readonly open = new Set<net.Socket>();

  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  /** Sockets not yet closed. */
  get openCount(): number {
    return this.open.size;
  }

  /** Destroys every socket still open; returns how many there were. */
  destroyAll(): number {
    const left = this.open.size;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    return left;
  }
}
