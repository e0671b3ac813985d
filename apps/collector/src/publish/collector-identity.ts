import type { HostIdentity } from '@fsmon/contracts';

/** Who is publishing: in every raw-event batch, status and learned-rules message. */
export interface CollectorIdentity {
  collectorId: string;
  host: HostIdentity;
}
