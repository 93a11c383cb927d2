import type { Behavior } from "./relay_messages.ts";
import type { RequestFacts } from "./verdict_rules.ts";

/** A request this worker relayed, with what Claude Code told us about the tool call. */
export interface PendingRequest extends RequestFacts {
  toolName: string;
  /** The bus message that carried it (verdicts answer it). */
  messageId: number | null;
}

/** Answered and expired requests are remembered this many at most, for precise refusals. */
const REMEMBERED = 500;

/**
 * The requests of one worker, in memory: a request dies with its Claude Code (and the channel
 * process Claude Code started). Each is answered at most once; answered and expired ones are
 * remembered for a while so a replay or a late answer is refused with the true reason.
 */
export class PendingRequests {
  #requests = new Map<string, PendingRequest>();

  add(request: PendingRequest): void {
    // A new request with a known id (Claude Code reuses none, but the alphabet is small) starts over.
    this.#requests.delete(request.requestId);
    this.#requests.set(request.requestId, request);
    while (this.#requests.size > REMEMBERED) {
      const oldest = this.#requests.keys().next().value as string;
      this.#requests.delete(oldest);
    }
  }

  get(requestId: string): PendingRequest | undefined {
    return this.#requests.get(requestId);
  }

  /** Forget a request that could not be relayed. */
  drop(requestId: string): void {
    this.#requests.delete(requestId);
  }

  /** Record the verdict that counted; false when one already did (the caller must not apply it). */
  answer(requestId: string, answer: { behavior: Behavior; by: string; messageId: number }): boolean {
    const request = this.#requests.get(requestId);
    if (!request || request.answered) return false;
    request.answered = answer;
    return true;
  }
}
