import { spawn } from 'node:child_process';
import { socketInodesOf, tcpSockets } from './tcp-sockets';

/** A process that holds the broker's end of the connections open when it was started. */
export interface ConnectionHold {
  /** Broker-side connections the holder has: those now outlive `setBrokerDown`. */
  readonly held: number;
  /** Ends the holder, so the held connections really close (clients see a reset). Idempotent. */
  release(): Promise<void>;
}

/**
 * librdkafka's mock accepts connections without close-on-exec, so every process spawned from the
 * broker's process inherits the broker's end of every connection open at that moment. Closing its
 * own copy (`setBrokerDown`) then closes nothing the client can see: the connection stays open and
 * unanswered, a half-open connection, as after a network partition or a broker host that died
 * without a FIN. This starts such a process on purpose (`sleep`, no stdio).
 */
export async function holdConnections(brokerPorts: ReadonlySet<number>): Promise<ConnectionHold> {
  const holder = spawn('sleep', ['infinity'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    holder.once('spawn', resolve);
    holder.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
  const inherited = socketInodesOf(holder.pid as number);
  const held = tcpSockets().filter((s) => s.established && brokerPorts.has(s.localPort) && inherited.has(s.inode)).length;
  let releasing: Promise<void> | undefined;
  return {
    held,
    release() {
      releasing ??= (async () => {
        if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
        await exited;
      })();
      return releasing;
    },
  };
}
