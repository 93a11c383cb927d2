import type { DeliveryRoute, SessionRow } from "./bus/bus.ts";

// How a session gets its mail, in the one word `who` and the status line show. Kept in one
// place so that a new route, or a different word for one, is one change here.

/** The word for how mail reaches a session (events / socket / hooks / inbox). */
export type DeliveryLabel = DeliveryRoute;

/** The label of a session row's delivery; null for a name that never registered. */
export function deliveryLabel(row: Pick<SessionRow, "delivery"> | null): DeliveryLabel | null {
  return row === null ? null : row.delivery;
}
