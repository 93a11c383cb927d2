// The bus messages of the permission relay. Their types (rules.RELAY_MESSAGE_TYPES, in
// lib/mail/input_limits.ts) are not in rules.MESSAGE_TYPES on purpose: no tool argument or CLI
// flag can produce them; only cc-dm's own relay code does (lib/mail/routing.ts `internalType`),
// so a message of these types always came from that code path of the sending process.
// Authority still comes from the sender name the bus records, never from the type or content.

import type { RelayMessageType } from "../mail/input_limits.ts";

/** A worker asks for a verdict on one tool call (dm to the approver, or broadcast to its project). */
export const PERMISSION_REQUEST: RelayMessageType = "permission_request";
/** An answer to a permission request (dm from the approver to the worker). */
export const VERDICT: RelayMessageType = "verdict";

export type Behavior = "allow" | "deny";

/** Claude Code's request ids: 5 letters of a-z without `l` (docs/permission.md, "How a request travels"). */
const REQUEST_ID = /^[a-km-z]{5}$/;

/** The original free-text answer, e.g. "yes abcde" or "n abcde" (case-insensitive). */
const FREE_TEXT_VERDICT = /^\s*(y|yes|n|no)\s+([a-km-z]{5})\s*$/i;

/** A request id in canonical (lowercase) form, or undefined when it is not one. */
export function requestId(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const id = raw.trim().toLowerCase();
  return REQUEST_ID.test(id) ? id : undefined;
}

/** `{behavior, requestId}` when the whole text is a free-text verdict. */
export function freeTextVerdict(content: string): { behavior: Behavior; requestId: string } | undefined {
  const match = FREE_TEXT_VERDICT.exec(content);
  if (!match) return undefined;
  return {
    behavior: match[1].toLowerCase().startsWith("y") ? "allow" : "deny",
    requestId: match[2].toLowerCase(),
  };
}

/** The free text a typed verdict also carries, so `tail` reads like the original protocol. */
export function verdictText(behavior: Behavior, id: string): string {
  return `${behavior === "allow" ? "yes" : "no"} ${id}`;
}

export function behavior(raw: unknown): Behavior | undefined {
  return raw === "allow" || raw === "deny" ? raw : undefined;
}
