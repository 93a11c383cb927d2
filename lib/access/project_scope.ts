import type { SessionRow } from "../bus/bus.ts";

// Project scoping, the one rule of who reaches whom (sending, broadcasting, `who`, the status
// line and the permission relay all ask it): a sender with a project tag reaches only sessions
// of that project; an untagged sender reaches everyone; people and scripts (`cli:` rows) are
// reachable from every project, so an answer to them always comes back.

/** Whether a sender (or viewer) of project `from.project` ("" = untagged) reaches `target`. */
export function reaches(
  from: { project: string },
  target: Pick<SessionRow, "project" | "kind">,
): boolean {
  return from.project === "" || target.kind === "cli" || target.project === from.project;
}
