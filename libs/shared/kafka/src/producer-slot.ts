import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

/** The slot was retired between the caller's connect() and send(): nothing was sent. */
export class SlotRetiredError extends Error {
  constructor() {
    super('producer retired: send on its replacement');
    this.name = 'SlotRetiredError';
  }
}

/**
 * One kafkajs producer of an EventPublisher, from its creation until it is retired and closed.
 * It turns stale when any request of this producer timed out: kafkajs keeps using a connection
 * whose request timed out, so from then on the producer may be talking into a dead socket.
 */
export class ProducerSlot {
  private stale = false;
  private readonly staleListeners = new Set<() => void>();
  private readonly closed: Promise<void>;
  private markClosed!: () => void;
  private inFlight = 0;
  private connecting?: Promise<void>;
  private closing = false;
  private retired = false;
  private connected = false;
  private readonly removeListener: () => void;

  constructor(
    private readonly producer: Producer,
    /** Wait before the first connect (backoff after repeated replacements). */
    private readonly connectDelayMs: number,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.removeListener = producer.on(producer.events.REQUEST_TIMEOUT, () => this.markStale());
  }

  get isStale(): boolean {
    return this.stale;
  }

  /** Calls `listener` once when the slot turns stale (at once if it is); returns an unsubscribe. */
  onStale(listener: () => void): () => void {
    if (this.stale) {
      queueMicrotask(listener);
      return () => undefined;
    }
    this.staleListeners.add(listener);
    return () => this.staleListeners.delete(listener);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  get isRetired(): boolean {
    return this.retired;
  }

  /** Concurrent calls share one attempt; a failed attempt is forgotten so the next call tries again. */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      if (this.connectDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.connectDelayMs));
      if (this.retired) throw new Error('producer retired before it connected');
      await this.producer.connect();
      this.connected = true;
    })().catch((e: unknown) => {
      this.connecting = undefined;
      throw e;
    });
    return this.connecting;
  }

  /**
   * Sends; the slot is closed only once every send it started has settled.
   * @throws SlotRetiredError when the slot was retired meanwhile (send on the current one instead).
   */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.retired) return Promise.reject(new SlotRetiredError());
    this.inFlight++;
    const sending = this.producer.send(record);
    void sending
      .finally(() => {
        this.inFlight--;
        if (this.retired && this.inFlight === 0) this.close();
      })
      .catch(() => undefined);
    return sending;
  }

  /**
   * No new sends; the producer disconnects once its sends in flight settled (each one within its
   * retries and request timeouts). Resolves when it is disconnected. Idempotent.
   */
  retire(): Promise<void> {
    this.retired = true;
    if (this.inFlight === 0) this.close();
    return this.closed;
  }

  private markStale(): void {
    if (this.stale) return;
    this.stale = true;
    for (const listener of this.staleListeners) listener();
    this.staleListeners.clear();
  }

  private close(): void {
    if (this.closing) return;
    this.closing = true;
    this.removeListener();
    void (async () => {
      await this.connecting?.catch(() => undefined); // a connect still under way would outlive the disconnect
      await this.producer.disconnect().catch(() => undefined);
      this.markClosed();
    })();
  }
}
