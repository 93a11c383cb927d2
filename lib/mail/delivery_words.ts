import { type DeliveryRoute, isPulled } from "../bus/bus.ts";
import type { Receipt } from "./routing.ts";

// What a sender is told about a message it just stored, in the same words on every surface
// (the dm tool, `cc-dm send`, `who`): never "delivered" before the recipient's model has it.

/**
 * `sent`: pushed to a live session (events or its inbox socket), confirmed once its transcript
 * shows it; `waiting`: a live session that pulls (hooks, inbox tool); `queued`: an offline
 * one; `none`: nobody in reach (broadcast). `delivered` is only said once confirmed.
 */
export type SendStatus = "sent" | "waiting" | "queued" | "none" | "delivered";

/** The status of a fresh receipt (nothing confirmed yet). */
export function sendStatus(r: Receipt): SendStatus {
  if (r.queued.length > 0) return "queued";
  if (r.live.length === 0) return "none";
  return r.live.some((name) => !(name in r.routes) || isPulled(r.routes[name])) ? "waiting" : "sent";
}

/** How a live recipient gets it, in a few words. */
export function routeWords(route: DeliveryRoute | undefined): string {
  switch (route) {
    case "events":
      return "pushed as a channel event";
    case "socket":
      return "written to its session's inbox socket";
    case "hooks":
      return "waiting for its hooks (next tool call, prompt or idle wake-up)";
    default:
      return "waiting until it calls its inbox tool";
  }
}
