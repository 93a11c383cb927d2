// lib/hook/session_state.ts
var STATUS_FRESH_MS = 10 * 6e4;
var WAITING_NOTIFICATIONS = /* @__PURE__ */ new Set([
  "permission_prompt",
  "elicitation_dialog"
]);
function stateOfEvent(event, input) {
  switch (event) {
    case "UserPromptSubmit":
    case "PostToolUse":
      return "busy";
    case "Stop":
      return "idle";
    case "SessionStart":
      return input.source === "compact" ? null : "idle";
    case "Notification":
      return input.notificationType !== null && WAITING_NOTIFICATIONS.has(input.notificationType) ? "waiting" : null;
  }
}
async function noteState(bus, row, state, input) {
  if (state === null) return;
  const transcript = input.transcriptPath;
  if (row.state === state && (transcript === null || transcript === row.transcriptPath)) return;
  try {
    await bus.setState(row.name, state, {
      transcriptPath: transcript,
      statusFreshMs: STATUS_FRESH_MS
    });
    row.state = state;
  } catch {
  }
}

// lib/channel/delivery_loop.ts
var CLAIM_LEASE_MS = 3e4;
var SAFETY_POLL_MS = 2e3;
var BATCH = 100;
var RETRY_MIN_MS = 250;
var RETRY_MAX_MS = 3e4;
var DeliveryLoop = class {
  #options;
  #stopped = false;
  #kick;
  #kicked = false;
  #subscription;
  #subscribedTo;
  #done;
  #failures = 0;
  #subscribeFailed;
  #nextSubscribeAt = 0;
  #roundProblem;
  #since;
  /** Claimed by the last step's ackAndClaim, not yet handed over. */
  #carried = [];
  /** Confirmed, not yet acknowledged (only between deliver and the next claim, or after a failed one). */
  #acks = [];
  constructor(options) {
    this.#options = options;
  }
  start() {
    this.#done ??= this.#run();
    return this.#done;
  }
  /** Watch the wake-up signal anew (the bus was reopened), then look for mail. */
  resubscribe() {
    this.#carried = [];
    this.#acks = [];
    this.#subscribedTo = void 0;
    void this.#subscription?.close();
    this.#subscription = void 0;
    this.kick();
  }
  /** Look for mail now (after register, or for tests). */
  kick() {
    this.#kicked = true;
    this.#kick?.();
  }
  /** End the loop after its current round; what it claimed and did not hand over is given back. */
  async stop() {
    this.#stopped = true;
    this.#kick?.();
    await this.#subscription?.close();
    await this.#done;
    await this.#flushAcks();
    const carried = this.#carried;
    this.#carried = [];
    if (carried.length) {
      await this.#options.bus.releaseDeliveries(carried.map((d) => d.deliveryId), this.#options.membership.instance);
    }
  }
  /**
   * Push one batch for the current name (the batch the last step claimed ahead, else a fresh
   * claim), then acknowledge what the session confirmed and claim the next batch in one
   * transaction: a burst costs one lock and one commit per batch. True when that claimed more.
   * The background loop calls this; tests drive it one round at a time.
   */
  async step() {
    const { bus, membership, deliver, accepting } = this.#options;
    const name = membership.identity?.name;
    const claimer = membership.instance;
    let batch = this.#carried;
    this.#carried = [];
    const open = name !== void 0 && (!accepting || accepting());
    if (batch.length && (!open || batch[0].recipient !== name)) {
      await bus.releaseDeliveries(batch.map((d) => d.deliveryId), claimer);
      batch = [];
    }
    if (!open) {
      await this.#flushAcks();
      return false;
    }
    if (batch.length === 0) batch = await this.#ackAndClaim(name);
    if (batch.length === 0) return false;
    this.#acks.push(...await deliver(batch));
    if (this.#stopped || accepting && !accepting()) {
      await this.#flushAcks();
      return false;
    }
    this.#carried = await this.#ackAndClaim(name);
    return this.#carried.length > 0;
  }
  /** Acknowledge what is confirmed without claiming (stopping, or a route that takes nothing now). */
  async #flushAcks() {
    const acks = this.#acks.splice(0);
    if (acks.length === 0) return;
    try {
      await this.#options.bus.ackDeliveries(acks, this.#options.membership.instance);
    } catch (err) {
      this.#acks.unshift(...acks);
      throw err;
    }
  }
  async #ackAndClaim(name) {
    const { bus, membership } = this.#options;
    const acks = this.#acks.splice(0);
    try {
      return acks.length ? await bus.ackAndClaim(acks, name, membership.instance, CLAIM_LEASE_MS, BATCH) : await bus.claimDeliveries(name, membership.instance, CLAIM_LEASE_MS, BATCH);
    } catch (err) {
      this.#acks.unshift(...acks);
      throw err;
    }
  }
  /** What the loop is doing now (ok, polling because the wake-up watch failed, retrying). */
  health() {
    if (this.#roundProblem) return {
      state: "retrying",
      problem: this.#roundProblem,
      since: this.#since
    };
    if (this.#subscribeFailed) {
      return {
        state: "polling",
        problem: this.#subscribeFailed,
        since: this.#since
      };
    }
    return {
      state: "ok"
    };
  }
  // Claude Code never restarts an MCP server: a loop that ended on a transient error (lock held,
  // disk full, no inotify instance left) would leave the session deaf. Every round is caught,
  // logged once per kind of failure, and retried with backoff; only stop() ends the loop.
  async #run() {
    const pollMs = this.#options.safetyPollMs ?? SAFETY_POLL_MS;
    while (!this.#stopped) {
      await this.#follow(this.#options.membership.identity?.name);
      this.#kicked = false;
      let more;
      try {
        more = await this.step();
        this.#recovered();
      } catch (err) {
        this.#failed(err);
        await this.#wait(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.#failures - 1, 10)));
        continue;
      }
      if (more) continue;
      if (this.#stopped || this.#kicked) continue;
      await this.#wait(pollMs);
    }
    await this.#subscription?.close();
  }
  #failed(err) {
    this.#failures++;
    const problem = err instanceof Error ? err.message : String(err);
    if (problem !== this.#roundProblem) {
      this.#options.log?.(`cc-dm channel: delivery failed, retrying with backoff: ${problem}`);
    }
    if (!this.#roundProblem) this.#since = this.#options.now();
    this.#roundProblem = problem;
  }
  #recovered() {
    if (this.#roundProblem) this.#options.log?.("cc-dm channel: delivery works again");
    this.#failures = 0;
    this.#roundProblem = void 0;
  }
  /**
   * Watch the wake file of the name this session holds now. When that fails (inotify instances
   * used up, a wake file we may not touch) the safety poll carries delivery, and the watch is
   * tried again now and then.
   */
  async #follow(name) {
    const retry = this.#subscribeFailed !== void 0 && this.#options.now() >= this.#nextSubscribeAt;
    if (name === this.#subscribedTo && !retry) return;
    await this.#subscription?.close();
    this.#subscription = void 0;
    this.#subscribedTo = name;
    if (!name) {
      this.#subscribeFailed = void 0;
      return;
    }
    try {
      this.#subscription = await this.#options.bus.subscribe(name);
      if (this.#subscribeFailed) this.#options.log?.("cc-dm channel: wake-up watch works again");
      this.#subscribeFailed = void 0;
    } catch (err) {
      const problem = `wake-up watch failed, polling every ${this.#options.safetyPollMs ?? SAFETY_POLL_MS} ms: ${err instanceof Error ? err.message : String(err)}`;
      if (problem !== this.#subscribeFailed) this.#options.log?.(`cc-dm channel: ${problem}`);
      if (!this.#subscribeFailed && !this.#roundProblem) this.#since = this.#options.now();
      this.#subscribeFailed = problem;
      this.#nextSubscribeAt = this.#options.now() + RETRY_MAX_MS;
    }
  }
  #wait(timeoutMs) {
    let timer;
    const kicked = new Promise((resolve) => this.#kick = resolve);
    const woken = this.#subscription ? this.#subscription.next(timeoutMs) : new Promise((resolve) => timer = setTimeout(resolve, timeoutMs));
    return Promise.race([
      kicked,
      woken
    ]).finally(() => {
      this.#kick = void 0;
      clearTimeout(timer);
    });
  }
};

// lib/channel/event.ts
var META_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
function channelEvent(delivery, receipt) {
  const m = delivery.message;
  const routing = {
    from_session: m.from,
    from_role: m.fromRole || null,
    from_project: m.fromProject || null,
    // The sender's database user as the bus server recorded it (PostgreSQL); absent locally.
    from_user: m.fromUser ?? null,
    to_session: delivery.recipient,
    message_id: String(m.id),
    sent_at: new Date(m.createdAt).toISOString(),
    priority: m.priority,
    message_type: m.messageType,
    thread_id: m.threadId,
    in_reply_to: m.inReplyTo,
    broadcast: m.to === null ? "true" : null,
    // A random token per push: the transcript line that carries it proves the model got it.
    receipt: receipt ?? null
  };
  const meta = {};
  for (const [key, value] of Object.entries(m.meta)) {
    if (META_KEY.test(key) && typeof value === "string" && !(key in routing)) meta[key] = value;
  }
  for (const [key, value] of Object.entries(routing)) {
    if (value !== null) meta[key] = value;
  }
  return {
    content: m.content,
    meta
  };
}

export {
  STATUS_FRESH_MS,
  stateOfEvent,
  noteState,
  CLAIM_LEASE_MS,
  SAFETY_POLL_MS,
  DeliveryLoop,
  channelEvent
};
