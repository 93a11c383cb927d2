import type { Bus, Delivery, StoredMessage } from "../bus/bus.ts";
import { CcDmError, errorText } from "../errors.ts";
import type { Membership } from "../sessions/membership.ts";
import { PendingRequests } from "../permission/pending_requests.ts";
import type { RelayConfig } from "../permission/relay_config.ts";
import {
  behavior,
  freeTextVerdict,
  PERMISSION_REQUEST,
  requestId,
  VERDICT,
} from "../permission/relay_messages.ts";
import { parseRequestParams, requestContent, requestMeta } from "../permission/request_message.ts";
import { bindingRefusal, verdictRefusal } from "../permission/verdict_rules.ts";
import { CLI_PREFIX } from "../mail/input_limits.ts";
import { sendBroadcast, sendDm } from "../mail/routing.ts";

/** Claude Code asks the channel for a verdict on a tool call. */
export const PERMISSION_REQUEST_METHOD = "notifications/claude/channel/permission_request";
/** The channel gives Claude Code the verdict. */
export const PERMISSION_METHOD = "notifications/claude/channel/permission";

export interface RelayDeps {
  bus: Bus;
  membership: Membership;
  now: () => number;
  log: (text: string) => void;
  /** Send a notification to Claude Code. */
  notify: (method: string, params: Record<string, unknown>) => Promise<void>;
}

/**
 * The worker side of the permission relay. Claude Code's permission requests go out as bus
 * messages to the approver (or the worker's project); verdicts come back as messages to this
 * session, and are applied only when the bus says they came from someone entitled to answer,
 * the request is open, and no verdict counted before. Every verdict, applied or refused, is
 * taken out of the delivery stream: a verdict is never shown to the worker's model.
 */
export class PermissionRelay {
  readonly config: RelayConfig;
  #deps: RelayDeps;
  #pending = new PendingRequests();

  constructor(config: RelayConfig, deps: RelayDeps) {
    this.config = config;
    this.#deps = deps;
  }

  /** Handle `notifications/claude/channel/permission_request`. Never throws. */
  async onRequest(params: Record<string, unknown>): Promise<void> {
    const { bus, membership, now, log } = this.#deps;
    const parsed = parseRequestParams(params);
    if (typeof parsed === "string") return log(`cc-dm channel: permission request ignored: ${parsed}`);
    const id = parsed.requestId;
    const notRelayed = (why: string) =>
      log(
        `cc-dm channel: permission request ${id} (${parsed.toolName}) not relayed: ${why}; Claude Code still asks in its terminal`,
      );
    if (!this.config.enabled) return notRelayed("CC_DM_PERMISSION_RELAY is off");
    const you = membership.identity;
    if (!you) return notRelayed("this session is not registered on cc-dm");
    const approver = this.config.approver;
    if (!approver && !you.project) {
      return notRelayed(
        "no CC_DM_PERMISSION_APPROVER and no project tag (anyone on the bus could answer); set one of them",
      );
    }
    // A session approver is pinned to the process holding its name now. Relaying to a name
    // nobody holds would let the first session to register it answer.
    let approverInstance: string | null = null;
    if (approver && !approver.startsWith(CLI_PREFIX)) {
      let row;
      try {
        row = await bus.session(approver);
      } catch (err) {
        return notRelayed(errorText(err));
      }
      if (!row || !row.instance || !row.online) {
        return notRelayed(
          `approver "${approver}" is not running (a name nobody holds could be taken by any session to answer)`,
        );
      }
      approverInstance = row.instance;
    }
    const facts = {
      requestId: id,
      worker: you.name,
      project: you.project,
      approver,
      approverInstance,
      expiresAt: now() + this.config.ttlMs,
    };
    const pending = { ...facts, toolName: parsed.toolName, messageId: null as number | null };
    this.#pending.add(pending);
    const message = {
      content: requestContent(parsed, facts),
      internalType: PERMISSION_REQUEST,
      meta: requestMeta(parsed, facts),
      priority: "urgent",
    } as const;
    try {
      // The approver is configured on purpose: queue for a person who has not used cc-dm yet.
      const receipt = approver
        ? await sendDm(bus, you, { ...message, to: approver, queueForUnknown: true })
        : await sendBroadcast(bus, you, message);
      pending.messageId = receipt.message.id;
      const where = approver
        ? `to "${approver}"${receipt.queued.length ? " (offline: it waits for it)" : ""}`
        : `to project "${you.project}": ${receipt.live.join(", ") || "no live session"}${
          receipt.refused.length ? `; refused by ${receipt.refused.map((r) => r.name).join(", ")}` : ""
        }`;
      log(
        `cc-dm channel: permission request ${id} (${parsed.toolName}) relayed as message ${receipt.message.id} ${where}`,
      );
    } catch (err) {
      this.#pending.drop(id);
      notRelayed(err instanceof CcDmError ? err.message : errorText(err));
    }
  }

  /**
   * Called for every delivery before it is pushed or returned by inbox: true when it was a
   * verdict and has been handled (applied or refused), so it must not reach the model.
   */
  async intercept(delivery: Delivery): Promise<boolean> {
    const m = delivery.message;
    let verdict: { requestId: string; behavior: "allow" | "deny" } | undefined;
    if (m.messageType === VERDICT) {
      const id = requestId(m.meta.request_id);
      const b = behavior(m.meta.behavior);
      if (!id || !b) {
        await this.#refuse(
          m,
          id ?? String(m.meta.request_id),
          "the verdict has no valid request_id and behavior",
        );
        return true;
      }
      verdict = { requestId: id, behavior: b };
    } else if (m.messageType !== PERMISSION_REQUEST && m.to !== null) {
      // The original's free text: only for a request this session relayed, else it is just text.
      const free = freeTextVerdict(m.content);
      if (!free || !this.#pending.get(free.requestId)) return false;
      verdict = free;
    } else {
      return false;
    }
    if (m.to === null) {
      await this.#refuse(m, verdict.requestId, "a verdict must be a direct message, not a broadcast");
      return true;
    }
    const now = this.#deps.now();
    const request = this.#pending.get(verdict.requestId);
    const refusal =
      verdictRefusal(request, verdict.requestId, { name: m.from, project: m.fromProject }, now) ??
        bindingRefusal(request!, {
          id: m.id,
          inReplyTo: m.inReplyTo,
          typed: m.messageType === VERDICT,
          fromInstance: m.fromInstance ?? null,
        });
    if (refusal) {
      await this.#refuse(m, verdict.requestId, refusal);
      return true;
    }
    // Recorded before the notification is written: a racing second verdict finds it answered.
    if (
      !this.#pending.answer(verdict.requestId, { behavior: verdict.behavior, by: m.from, messageId: m.id })
    ) {
      await this.#refuse(m, verdict.requestId, `request ${verdict.requestId} was already answered`);
      return true;
    }
    this.#deps.log(
      `cc-dm channel: permission request ${verdict.requestId} (${
        request!.toolName
      }): ${verdict.behavior} from "${m.from}" (message ${m.id})`,
    );
    await this.#deps.notify(PERMISSION_METHOD, { request_id: verdict.requestId, behavior: verdict.behavior });
    return true;
  }

  /** Log a refused verdict and tell its sender why; the worker's decision does not change. */
  async #refuse(m: StoredMessage, id: string, reason: string): Promise<void> {
    const { bus, membership, log } = this.#deps;
    log(`cc-dm channel: verdict refused: message ${m.id} from "${m.from}" on request ${id}: ${reason}`);
    const you = membership.identity;
    if (!you || m.from === you.name) return;
    try {
      await sendDm(bus, you, {
        to: m.from,
        content:
          `cc-dm permission relay: your verdict on request ${id} (message ${m.id}) was refused: ${reason}. Nothing changed in "${you.name}".`,
        inReplyTo: String(m.id),
        messageType: "reply",
        meta: { request_id: id, verdict: "refused" },
        relayMeta: true,
      });
    } catch (err) {
      log(`cc-dm channel: could not tell "${m.from}" that its verdict was refused: ${errorText(err)}`);
    }
  }
}
