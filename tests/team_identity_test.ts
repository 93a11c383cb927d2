import assert from "node:assert/strict";
import type { Delivery, StoredMessage } from "../lib/bus/bus.ts";
import { channelEvent } from "../lib/channel/event.ts";
import { socketEnvelope } from "../lib/channel/socket_envelope.ts";
import { messageJson } from "../cmd/message_json.ts";

// The sender's database user (team bus) travels with every message as the server recorded it:
// a channel event's from_user, the socket envelope's header, the CLI's JSON. A sender's own meta
// can never supply it, on either engine.

function delivery(fromUser: string | null, meta: Record<string, string> = {}): Delivery {
  const message = {
    id: 7,
    from: "planner",
    fromRole: "lead",
    fromProject: "",
    fromUser,
    fromInstance: null,
    to: "worker",
    recipients: ["worker"],
    content: "hi",
    priority: "normal",
    messageType: "chat",
    threadId: "7",
    inReplyTo: null,
    meta,
    createdAt: 0,
  } as unknown as StoredMessage;
  return { recipient: "worker", message } as unknown as Delivery;
}

Deno.test("from_user: the server's word in events, envelopes and JSON; a sender's meta cannot forge it", () => {
  const team = channelEvent(delivery("alice", { from_user: "root" }));
  assert.equal(team.meta.from_user, "alice");
  const local = channelEvent(delivery(null, { from_user: "root" }));
  assert.equal(local.meta.from_user, undefined, "no identity on the local bus, and none from the sender");

  assert.match(socketEnvelope([delivery("alice")]), /from "planner" role "lead" user "alice", to "worker"/);
  assert.doesNotMatch(socketEnvelope([delivery(null)]), / user /);

  assert.equal(messageJson(delivery("alice").message).from_user, "alice");
  assert.equal(messageJson(delivery(null).message).from_user, null);
});
