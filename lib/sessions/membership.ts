import type { Bus, SessionRow } from "../bus/bus.ts";
import type { ProcessIdentity } from "./liveness.ts";

/** Who a process is on the bus. */
export interface Identity {
  name: string;
  role: string;
  project: string;
}

export interface MembershipOptions {
  bus: Bus;
  process: ProcessIdentity;
  kind: SessionRow["kind"];
  cwd: string;
  claudeSessionId: string | null;
  /** How this session takes its mail (see SessionRow.delivery); default "events". */
  delivery?: SessionRow["delivery"];
  deliveryReason?: string;
  /** Receiver-side rules published with the name (see SessionRow.acceptFrom / rejectFrom). */
  acceptFrom?: string[] | null;
  rejectFrom?: string[] | null;
}

/**
 * One process's membership of the bus: claims a name, keeps it with heartbeats, gives it up.
 * A process holds at most one name; registering again moves it to the new name.
 */
export class Membership {
  /** Unique per process instance; also the claimer id of its deliveries. */
  readonly instance = crypto.randomUUID();
  #identity: Identity | null = null;
  #options: MembershipOptions;

  constructor(options: MembershipOptions) {
    this.#options = options;
  }

  get identity(): Identity | null {
    return this.#identity;
  }

  /** Claim `identity.name` atomically; throws NameTakenError (from the bus) if a live session holds it. */
  async register(identity: Identity): Promise<SessionRow> {
    const { bus, process, kind, cwd, claudeSessionId } = this.#options;
    const previous = this.#identity;
    const row = await bus.claimSession({
      ...identity,
      ...process,
      kind,
      cwd,
      claudeSessionId,
      delivery: this.#options.delivery ?? "events",
      deliveryReason: this.#options.deliveryReason ?? "",
      acceptFrom: this.#options.acceptFrom ?? null,
      rejectFrom: this.#options.rejectFrom ?? null,
      instance: this.instance,
    });
    if (previous && previous.name !== identity.name) {
      await bus.leaveSession(previous.name, this.instance);
    }
    this.#identity = identity;
    return row;
  }

  /** Change how this session gets mail (route fallbacks); kept for later registrations too. */
  async setDelivery(delivery: SessionRow["delivery"], reason: string): Promise<void> {
    this.#options.delivery = delivery;
    this.#options.deliveryReason = reason;
    if (this.#identity) {
      await this.#options.bus.setDelivery(this.#identity.name, this.instance, delivery, reason);
    }
  }

  /**
   * Refresh last_seen, and publish `health` (what is wrong with delivery, null: fine) when given.
   * False (and no identity) when another process took the name meanwhile.
   */
  async heartbeat(health?: string | null): Promise<boolean> {
    if (!this.#identity) return true;
    const kept = await this.#options.bus.touchSession(
      this.#identity.name,
      this.instance,
      health,
    );
    if (!kept) this.#identity = null;
    return kept;
  }

  /** Go offline: the name is free at once, queued mail stays for the next holder. */
  async leave(): Promise<void> {
    if (!this.#identity) return;
    const name = this.#identity.name;
    this.#identity = null;
    await this.#options.bus.leaveSession(name, this.instance);
  }
}
