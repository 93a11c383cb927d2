import { crossSessionInbound } from "../claude_code/inbox_socket.ts";
import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";

// How mail reaches each session's model (docs/delivery.md): pushed channel events, Claude Code's
// inbox socket, cc-dm's hooks, or only the `inbox` tool. Each live channel records its route
// and why on the bus; doctor shows them and says how to reach a better one.

const SOCKET_ON = 'set "crossSessionInbound": "accept" in ~/.claude/settings.json (or remove the key)';

/** Login & channels: the inbox socket switch, and each live session's route. */
export function deliveryChecks(ctx: DoctorContext): Check[] {
  return [
    { id: "login.inbox_socket", group: "login", run: () => socketSwitch(ctx) },
    { id: "login.delivery", group: "login", run: () => sessionRoutes(ctx) },
  ];
}

function socketSwitch(ctx: DoctorContext): Finding {
  if (ctx.env.CLAUDE_CODE_HARBOR_KITE === "0") {
    return {
      status: "warn",
      message: "CLAUDE_CODE_HARBOR_KITE=0 turns Claude Code's inbox socket off: sessions without a channel " +
        "flag get mail only through cc-dm's hooks or its inbox tool",
      hint: "Unset CLAUDE_CODE_HARBOR_KITE, or install the hooks: cc-dm setup --hooks",
    };
  }
  const managed = ctx.managed().merged;
  if (managed.messagingBeyondOwnAgentsDisabled === true) {
    return {
      status: "warn",
      message: "managed settings set messagingBeyondOwnAgentsDisabled: no inbox socket",
      hint: "Ask your administrator, or install the hooks: cc-dm setup --hooks",
    };
  }
  const inbound = crossSessionInbound(ctx.env, ctx.cwd, managed);
  if (inbound === "hold" || inbound === "refuse") {
    return {
      status: "warn",
      message: `crossSessionInbound is "${inbound}": Claude Code ${
        inbound === "hold" ? "holds peer messages for you instead of the model" : "drops peer messages"
      }, so sessions without a channel flag get cc-dm mail only through hooks or the inbox tool`,
      hint: `${SOCKET_ON}, or install the hooks: cc-dm setup --hooks`,
    };
  }
  return {
    status: "ok",
    message: "Claude Code's inbox socket accepts messages (crossSessionInbound: accept)",
  };
}

async function sessionRoutes(ctx: DoctorContext): Promise<Finding | null> {
  const contents = await ctx.busContents();
  if (!contents) return null; // the engine's checks (bus.file, bus.schema, ...) say why
  const live = contents.sessions.filter((s) => s.kind === "claude" && s.online);
  if (live.length === 0) return { status: "ok", message: "no live session to deliver to" };
  const lines = live.map((s) =>
    `${s.name}: ${s.delivery}${s.deliveryReason ? ` (${s.deliveryReason})` : ""}`
  );
  const inboxOnly = live.filter((s) => s.delivery === "inbox");
  if (inboxOnly.length > 0) {
    return {
      status: "warn",
      message: `${lines.join("; ")}. ${inboxOnly.map((s) => s.name).join(", ")} get${
        inboxOnly.length === 1 ? "s" : ""
      } mail only when the model calls the inbox tool`,
      hint:
        `Turn the inbox socket on (${SOCKET_ON}) or install the hooks (cc-dm setup --hooks), then restart those sessions.`,
    };
  }
  return { status: "ok", message: lines.join("; ") };
}
