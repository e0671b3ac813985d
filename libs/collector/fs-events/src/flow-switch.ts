/** Pauses a reader while either the owner or the consumer's backpressure asks for it. */
export class FlowSwitch {
  private byOwner = false;
  private byConsumer = false;

  constructor(private readonly apply: (paused: boolean) => void) {}

  owner(paused: boolean): void {
    this.byOwner = paused;
    this.apply(this.byOwner || this.byConsumer);
  }

  readonly consumer = {
    pause: (): void => {
      this.byConsumer = true;
      this.apply(true);
    },
    resume: (): void => {
      this.byConsumer = false;
      this.apply(this.byOwner);
    },
  };
}
