// Property-based fuzzing (fast-check) of every tool's arguments and of the CLI's arguments and
// stdin, against real channel processes and the real CLI: every input gets an answer, nothing
// is stored on error, the channel survives, and what is stored is what is delivered, byte for
// byte. Bounded by run counts (a few seconds); a failure prints the seed and the shrunk input.
import assert from "node:assert/strict";
import fc from "fast-check";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { ccIn } from "./cli_run.ts";
import { readBus, storedMessages } from "./helpers/bus_reads.ts";

/** Text with the characters that broke cc-dm before: NUL, lone surrogates, U+FFFD, controls. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom("\0", "a\0b", "\ud800", "x\udfffy", "\uFFFD", "\r\n", " ", "", "<channel>", "yes abcde"),
);
/** Mostly absent (4 times in 5), so most messages are valid and their delivery is checked. */
const maybe = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });
const jsonish = fc.oneof(
  nasty,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
);

const messageArgs = fc.record({
  content: nasty,
  priority: maybe(fc.oneof(fc.constantFrom("urgent", "normal", "low"), nasty)),
  message_type: maybe(fc.oneof(fc.constantFrom("task", "question", "status", "chat"), nasty)),
  thread_id: maybe(nasty),
  in_reply_to: maybe(nasty),
  meta: maybe(fc.dictionary(nasty, jsonish, { maxKeys: 4 })),
}, { requiredKeys: ["content"] });

const toolCall = fc.oneof(
  {
    arbitrary: messageArgs.map((a) => ({ tool: "dm", args: { to: "rx", ...a } as Record<string, unknown> })),
    weight: 4,
  },
  fc.record({ to: nasty, content: nasty }).map((a) => ({ tool: "dm", args: a as Record<string, unknown> })),
  messageArgs.map((a) => ({ tool: "broadcast", args: a as Record<string, unknown> })),
  fc.dictionary(nasty, jsonish, { maxKeys: 3 }).chain((extra) =>
    fc.constantFrom("who", "inbox", "approve", "deny").map((tool) => ({
      tool,
      args: { ...extra, ...(tool === "approve" || tool === "deny" ? { request_id: "abcde" } : {}) },
    }))
  ),
);

async function count(home: string): Promise<number> {
  return (await storedMessages(home)).length;
}

Deno.test("fuzz: every tool call gets an answer, errors store nothing, stored content arrives byte for byte", async () => {
  const t = await tempHome();
  const rx = await ChannelPeer.start({ env: t.env, name: "rx" });
  const tx = await ChannelPeer.start({ env: t.env, name: "tx" });
  let delivered = 0;
  try {
    await fc.assert(
      fc.asyncProperty(toolCall, async ({ tool, args }) => {
        const before = await count(t.ccDmHome);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const reply = await Promise.race([
          tx.call(tool, args).catch((err) => ({ isError: true, text: String(err), data: undefined })),
          new Promise<never>((
            _,
            reject,
          ) => (timer = setTimeout(() => reject(new Error("no answer")), 10_000))),
        ]).finally(() => clearTimeout(timer));
        const after = await count(t.ccDmHome);
        if (reply.isError || (tool !== "dm" && tool !== "broadcast")) {
          assert.equal(after, before, `nothing stored on error or by ${tool}: ${reply.text}`);
          return;
        }
        assert.equal(after, before + 1);
        const id = String(reply.data?.message_id);
        const deadline = Date.now() + 10_000;
        while (!rx.events.some((e) => e.meta.message_id === id)) {
          if (Date.now() > deadline) throw new Error(`message ${id} not delivered`);
          await rx.waitForEvents(rx.events.length + 1, deadline - Date.now()).catch(() => {});
        }
        const event = rx.events.find((e) => e.meta.message_id === id)!;
        assert.equal(event.content, args.content, "delivered exactly what was sent");
        const stored = await readBus(t.ccDmHome, (bus) => bus.message(Number(id)));
        assert.equal(stored?.content, args.content, "stored exactly what was sent");
        delivered++;
      }),
      { numRuns: 120, interruptAfterTimeLimit: 8000 },
    );
    assert.ok(delivered >= 20, `enough valid messages to check delivery (${delivered})`);
    assert.ok((await tx.ping()) < 5000 && (await rx.ping()) < 5000, "both channels survived");
    assert.doesNotMatch(tx.stderr.join("") + rx.stderr.join(""), /internal error|stopping/);
  } finally {
    await Promise.all([rx.close(), tx.close()]);
    await t.cleanup();
  }
});

/** Bytes for stdin: valid UTF-8 text, random bytes, or text with a NUL. */
const stdinBytes = fc.oneof(
  nasty.filter((s) => s.isWellFormed()).map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 24 }),
);
const argWord = fc.oneof(
  fc.constantFrom("--priority", "--type", "--thread", "--reply-to", "--meta", "--json", "--queue", "-", "--"),
  nasty.filter((s) => s.isWellFormed() && !s.includes("\0")),
);

Deno.test("fuzz: cc-dm send with any arguments and stdin: a clear answer, nothing stored on error, stored is what was piped", async () => {
  const t = await tempHome();
  try {
    assert.equal((await ccIn(t.env, ["send", "--queue", "rx", "seed"])).code, 0);
    await fc.assert(
      fc.asyncProperty(fc.array(argWord, { maxLength: 4 }), stdinBytes, async (words, bytes) => {
        const before = await count(t.ccDmHome);
        const out = await ccIn(t.env, ["send", "rx", ...words, "--queue"], { stdin: bytes });
        const after = await count(t.ccDmHome);
        assert.ok([0, 1, 2].includes(out.code), `exit ${out.code}: ${out.stderr}`);
        if (out.code !== 0) {
          assert.match(out.stderr, /^(Error|cc-dm)/m, "an error says what went wrong");
          assert.equal(after, before, "nothing stored on error");
          return;
        }
        assert.equal(after, before + 1);
        const stored = String((await storedMessages(t.ccDmHome)).at(-1)?.content);
        if (words.length === 0) {
          assert.equal(
            stored,
            new TextDecoder().decode(bytes).replace(/\r?\n$/, ""),
            "stdin stored as piped",
          );
        }
      }),
      { numRuns: 12, interruptAfterTimeLimit: 6000 },
    );
  } finally {
    await t.cleanup();
  }
});
