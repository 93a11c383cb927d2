import type { SenderPolicy } from "../access/sender_policy.ts";
import type { Bus, Delivery } from "../bus/bus.ts";
import type { Membership } from "../sessions/membership.ts";

/** What the channel's tools need; passed in, no module-level state. */
export interface ChannelContext {
  bus: Bus;
  membership: Membership;
  now: () => number;
  /** Start delivery for a newly registered name at once. */
  onRegistered: () => void;
  /** Diagnostics to stderr (stdout is the JSON-RPC stream). */
  log: (text: string) => void;
  /** What this session's model may send (CC_DM_DM_ALLOWLIST etc.). */
  access: SenderPolicy;
  /**
   * Takes a delivery out of the stream before the model sees it (permission verdicts); true
   * when it was handled. Every path that hands mail to the model calls it.
   */
  intercept: (delivery: Delivery) => Promise<boolean>;
}
