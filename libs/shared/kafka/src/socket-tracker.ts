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
  private sealed = false;

  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    if (this.sealed) return refused();
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

  /**
   * For after the client's disconnect: ends every socket still open (a FIN: the broker answers
   * with its own, so kafkajs sees 'end' and drops the connection with its
   * request-queue timers, which a plain destroy() would leave running), with a hard close after
   * `graceMs` for a broker that does not answer; new sockets are refused from then on, so a kafkajs
   * retry cannot reconnect. Returns how many sockets kafkajs had not even begun to close (those it
   * ended itself are only given the hard close).
   */
  closeAll(graceMs = 1000): number {
    this.sealed = true;
    let left = 0;
    for (const socket of this.open) {
      if (!socket.writableEnded) {
        left++;
        socket.end();
      }
      const hard = setTimeout(() => socket.destroy(new ClientClosedError()), graceMs);
      hard.unref();
      socket.once('close', () => clearTimeout(hard));
    }
    this.open.clear();
    return left;
  }
}

/** Why a socket of a disconnected client was closed or refused (kafkajs logs the message). */
class ClientClosedError extends Error {
  readonly code = 'ECONNABORTED';
  constructor() {
    super('the Kafka client was disconnected; fsmon closed a socket kafkajs still held');
  }
}

/** A socket that fails at once, as a refused connection does. */
function refused(): net.Socket {
  const socket = new net.Socket();
  process.nextTick(() => socket.destroy(new ClientClosedError()));
  return socket;
}
