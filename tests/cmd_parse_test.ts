// The command layer's two halves (gh's habit): parse argv into a typed options object, then run
// with those options and buffer I/O. Parsing is tested here without any bus; running from
// options needs no argv.
import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { parseWho, runWho } from "../cmd/who.ts";
import { parseTail, runTail } from "../cmd/tail.ts";
import { parseWait } from "../cmd/wait.ts";
import { parseInbox, runInbox } from "../cmd/inbox.ts";
import { parsePeek } from "../cmd/peek.ts";
import { parseSend } from "../cmd/send.ts";
import { parseAsk } from "../cmd/ask.ts";
import { parseDoctor } from "../cmd/doctor.ts";
import { parseSetup } from "../cmd/setup.ts";
import { parseAnswer } from "../cmd/answer_command.ts";
import { parseCompletions } from "../cmd/completions.ts";
import { bufferIo } from "./helpers/buffer_io.ts";
import { tempHome } from "./helpers/temp_home.ts";

const env = { HOME: "/home/me", USER: "alice" };

function usageError(run: () => unknown, message: RegExp): void {
  assert.throws(
    run,
    (err: unknown) => err instanceof UsageError && err.exitCode === 2 && message.test(err.message),
  );
}

Deno.test("parse who: flags and the project tag's env twin become options; --help is null", () => {
  assert.deepEqual(parseWho([], { env }), { includeOffline: false, project: "", json: false, watch: false });
  assert.deepEqual(parseWho(["-a", "--json", "--project", "Web"], { env }), {
    includeOffline: true,
    project: "web",
    json: true,
    watch: false,
  });
  assert.equal(parseWho(["--project", "ops"], { env: { CC_DM_SESSION_PROJECT: "web" } })?.project, "ops");
  assert.equal(parseWho([], { env: { CC_DM_SESSION_PROJECT: "web" } })?.project, "web");
  assert.equal(parseWho(["-w"], { env })?.watch, true);
  assert.equal(parseWho(["--help"], { env }), null);
  usageError(() => parseWho(["--watch", "--json"], { env }), /--watch and --json do not go together/);
  usageError(() => parseWho(["--project", "no way!"], { env }), /^--project: /);
  usageError(() => parseWho([], { env: { CC_DM_SESSION_PROJECT: "no way!" } }), /^CC_DM_SESSION_PROJECT: /);
  assert.throws(() => parseWho(["extra"], { env }), /Unexpected argument/);
});

Deno.test("parse tail: line count, filters normalised, follow by default", () => {
  assert.deepEqual(parseTail([]), {
    lines: 10,
    filter: { session: undefined, project: undefined, thread: undefined },
    follow: true,
    json: false,
  });
  assert.deepEqual(
    parseTail([
      "-n",
      "0",
      "--session",
      "Backend",
      "--project",
      "web",
      "--thread",
      "42",
      "--no-follow",
      "--json",
    ]),
    { lines: 0, filter: { session: "backend", project: "web", thread: "42" }, follow: false, json: true },
  );
  usageError(() => parseTail(["-n", "many"]), /^-n "many": expected a whole number/);
  usageError(() => parseTail(["--session", "Bad Name!"]), /^--session: /);
  // The undocumented -f no-op is gone: following is the default, so -f would only mislead.
  assert.throws(() => parseTail(["-f"]), /Unknown option '-f'/);
});

Deno.test("parse wait, inbox, peek: names normalised, states and limits checked", () => {
  assert.deepEqual(parseWait(["Backend"]), { name: "backend", state: "idle", timeoutMs: null, json: false });
  assert.deepEqual(parseWait(["backend", "--state", "BUSY", "--timeout", "1.5", "--json"]), {
    name: "backend",
    state: "busy",
    timeoutMs: 1500,
    json: true,
  });
  usageError(() => parseWait([]), /missing the session name/);
  usageError(() => parseWait(["a", "b"]), /unexpected argument "b"/);
  usageError(() => parseWait(["a", "--idle", "--state", "busy"]), /name different states/);
  usageError(() => parseWait(["a", "--state", "sleepy"]), /expected one of busy, idle, waiting, offline/);

  assert.deepEqual(parseInbox([], { env }), { you: "cli:alice", limit: 100, json: false });
  assert.deepEqual(parseInbox(["--from", "ci", "-n", "3", "--json"], { env }), {
    you: "cli:ci",
    limit: 3,
    json: true,
  });
  assert.equal(parseInbox([], { env: { CC_DM_FROM: "bot" } })?.you, "cli:bot");
  usageError(() => parseInbox(["-n", "0"], { env }), /expected a whole number from 1 to 10000/);

  assert.deepEqual(parsePeek(["Backend", "-n", "2"]), { name: "backend", count: 2, json: false });
  usageError(() => parsePeek([]), /missing the session name/);
  usageError(() => parsePeek(["x", "-n", "1001"]), /from 1 to 1000/);
});

Deno.test("parse send and ask: recipient, sender, message from words or stdin, and the waits", async () => {
  const io = (stdin = "", extra: Record<string, string> = {}) => bufferIo({ ...env, ...extra }, { stdin });
  const plain = await parseSend(["Backend", "hello", "there", "--priority", "urgent"], io());
  assert.deepEqual(
    { ...plain, message: { content: plain?.message.content, priority: plain?.message.priority } },
    {
      to: "Backend",
      sender: { name: "cli:alice", role: "cli", project: "" },
      message: { content: "hello there", priority: "urgent" },
      queue: false,
      wait: false,
      confirm: false,
      whenIdle: false,
      timeoutMs: null,
      holdMs: null,
      json: false,
    },
  );
  const piped = await parseSend(["backend", "--from", "ci", "--project", "web"], io("3 tests failed\n"));
  assert.deepEqual([piped?.message.content, piped?.sender.name, piped?.sender.project], [
    "3 tests failed",
    "cli:ci",
    "web",
  ]);
  const all = await parseSend(["--broadcast", "standup"], io());
  assert.deepEqual([all?.to, all?.message.content], [undefined, "standup"]);
  assert.deepEqual(
    (({ wait, timeoutMs }) => ({ wait, timeoutMs }))(
      (await parseSend(["b", "q?", "--wait", "--timeout", "5"], io()))!,
    ),
    { wait: true, timeoutMs: 5000 },
  );
  assert.equal((await parseSend(["b", "x", "--confirm"], io()))?.timeoutMs, 30_000);
  assert.deepEqual(
    (({ whenIdle, holdMs, timeoutMs }) => ({ whenIdle, holdMs, timeoutMs }))(
      (await parseSend(["b", "x", "--when-idle", "--timeout", "2"], io()))!,
    ),
    { whenIdle: true, holdMs: 2000, timeoutMs: null },
  );
  assert.equal(await parseSend(["--help"], io()), null);
  const rejects = async (argv: string[], message: RegExp) =>
    await assert.rejects(
      parseSend(argv, io()),
      (err: unknown) => err instanceof UsageError && message.test(err.message),
    );
  await rejects([], /missing the recipient/);
  await rejects(["--broadcast", "--queue", "x"], /do not go together/);
  await rejects(["b", "x", "--timeout", "5"], /--timeout only applies/);
  await rejects(["b", "x", "--when-idle", "--timeout", "soon"], /--timeout/);

  const ask = await parseAsk(["backend", "which", "port?"], io("", { CC_DM_FROM: "bot" }));
  assert.deepEqual([
    ask?.to,
    ask?.sender.name,
    ask?.message.content,
    ask?.message.messageType,
    ask?.timeoutMs,
  ], [
    "backend",
    "cli:bot",
    "which port?",
    "question",
    300_000,
  ]);
  assert.equal(await parseAsk(["-h"], io()), null);
  await assert.rejects(parseAsk([], io()), /missing the recipient/);
});

Deno.test("parse doctor and setup: flags to options, the status line a setup of its own", () => {
  assert.deepEqual(parseDoctor([]), { json: false, strict: false, fix: false });
  assert.deepEqual(parseDoctor(["--json", "--strict", "--fix"]), { json: true, strict: true, fix: true });
  usageError(() => parseDoctor(["now"]), /takes no arguments, got "now"/);
  assert.equal(parseDoctor(["-h"]), null);

  assert.deepEqual(parseSetup([]), {
    kind: "mcp",
    scope: "user",
    name: "cc-dm",
    dryRun: false,
    uninstall: false,
    hooks: false,
    claude: "claude",
  });
  assert.deepEqual(
    parseSetup(["-s", "project", "--name", "dm_2", "-n", "--hooks", "--claude", "/opt/claude"]),
    {
      kind: "mcp",
      scope: "project",
      name: "dm_2",
      dryRun: true,
      uninstall: false,
      hooks: true,
      claude: "/opt/claude",
    },
  );
  assert.deepEqual(parseSetup(["--statusline", "--force", "--uninstall"]), {
    kind: "statusline",
    dryRun: false,
    uninstall: true,
    force: true,
  });
  usageError(() => parseSetup(["--scope", "global"]), /is not a scope/);
  usageError(() => parseSetup(["--name", "cc dm"]), /not a valid MCP server name/);
  usageError(() => parseSetup(["--force"]), /--force only applies with --statusline/);
  usageError(() => parseSetup(["extra"]), /unexpected argument "extra"/);
});

Deno.test("parse approve and deny: one request id, the answerer and the worker", () => {
  assert.deepEqual(parseAnswer("allow", ["abcde", "--project", "web", "--to", "w1"], { env }), {
    behavior: "allow",
    requestId: "abcde",
    sender: { name: "cli:alice", role: "cli", project: "web" },
    worker: "w1",
    json: false,
  });
  assert.equal(parseAnswer("deny", ["abcde", "--from", "bob", "--json"], { env })?.sender.name, "cli:bob");
  assert.equal(parseAnswer("deny", ["--help"], { env }), null);
  usageError(() => parseAnswer("allow", [], { env }), /cc-dm approve: missing the request id/);
  usageError(() => parseAnswer("deny", ["a", "b"], { env }), /cc-dm deny: one request id, got 2/);
});

Deno.test("parse completions: one known shell, or --names", () => {
  assert.deepEqual(parseCompletions(["zsh"]), { names: false, shell: "zsh" });
  assert.deepEqual(parseCompletions(["--names"]), { names: true });
  usageError(() => parseCompletions(["tcsh"]), /"tcsh" is not a shell cc-dm completes/);
  usageError(() => parseCompletions([]), /which shell\?/);
});

Deno.test("run from options: who, tail and inbox on a fresh machine show nothing and create no bus", async () => {
  const t = await tempHome();
  try {
    const who = bufferIo(t.env);
    assert.equal(await runWho({ includeOffline: true, project: "", json: true, watch: false }, who), 0);
    assert.deepEqual(JSON.parse(who.out()), { sessions: [], count: 0 });
    const table = bufferIo(t.env);
    assert.equal(
      await runWho({ includeOffline: false, project: "web", json: false, watch: false }, table),
      0,
    );
    assert.deepEqual([table.out(), table.err()], [
      "",
      "No live sessions. (cc-dm who --all shows offline ones that have mail waiting)\n",
    ]);
    const tail = bufferIo(t.env);
    assert.equal(await runTail({ lines: 5, filter: {}, follow: false, json: true }, tail), 0);
    assert.deepEqual([tail.out(), tail.err()], ["", ""]);
    const inbox = bufferIo(t.env);
    assert.equal(await runInbox({ you: "cli:alice", limit: 5, json: true }, inbox), 0);
    assert.deepEqual(JSON.parse(inbox.out()), { for: "cli:alice", messages: [], count: 0 });
    await assert.rejects(Deno.stat(t.ccDmHome), Deno.errors.NotFound);
  } finally {
    await t.cleanup();
  }
});
