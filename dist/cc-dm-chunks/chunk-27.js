import {
  processStart
} from "./chunk-06.js";

// lib/sessions/liveness.ts
var HEARTBEAT_MS = 1e4;
function thisProcess() {
  return {
    pid: Deno.pid,
    pidStart: processStart(Deno.pid),
    host: Deno.hostname()
  };
}

// lib/sessions/membership.ts
var Membership = class {
  /** Unique per process instance; also the claimer id of its deliveries. */
  instance = crypto.randomUUID();
  #identity = null;
  #options;
  constructor(options) {
    this.#options = options;
  }
  get identity() {
    return this.#identity;
  }
  /** Claim `identity.name` atomically; throws NameTakenError (from the bus) if a live session holds it. */
  async register(identity) {
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
      instance: this.instance
    });
    if (previous && previous.name !== identity.name) {
      await bus.leaveSession(previous.name, this.instance);
    }
    this.#identity = identity;
    return row;
  }
  /** Change how this session gets mail (route fallbacks); kept for later registrations too. */
  async setDelivery(delivery, reason) {
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
  async heartbeat(health) {
    if (!this.#identity) return true;
    const kept = await this.#options.bus.touchSession(this.#identity.name, this.instance, health);
    if (!kept) this.#identity = null;
    return kept;
  }
  /** Go offline: the name is free at once, queued mail stays for the next holder. */
  async leave() {
    if (!this.#identity) return;
    const name = this.#identity.name;
    this.#identity = null;
    await this.#options.bus.leaveSession(name, this.instance);
  }
};

export {
  Membership,
  HEARTBEAT_MS,
  thisProcess
};
