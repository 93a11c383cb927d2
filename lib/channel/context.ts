import type { Bus } from "../bus/bus.ts";
import type { Membership } from "../membership.ts";

/** What the channel's tools need; passed in, no module-level state. */
export interface ChannelContext {
  bus: Bus;
  membership: Membership;
  now: () => number;
  /** Start delivery for a newly registered name at once. */
  onRegistered: () => void;
  /** Diagnostics to stderr (stdout is the JSON-RPC stream). */
  log: (text: string) => void;
}
