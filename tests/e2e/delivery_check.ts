import assert from "node:assert/strict";
import { join } from "node:path";
import { type ClaudeHome, runCli, sleep, type TmuxClaude, type World } from "./claude_harness.ts";
import { isConversation, type MessagesRequest, type MockAnthropic } from "./mock_anthropic.ts";
import { selfCommand } from "../../lib/self_command.ts";
import { busRows } from "../cli_run.ts";

// What every delivery e2e test proves, whatever the route (channel events, the inbox socket,
// hooks, the inbox tool): each message reaches the model, none is shown twice, and none is
// marked delivered on the bus before the model has it. Judged only from the outside: the mock
// API's requests (what the model saw, and when), the bus's delivery rows, and `cc-dm who --json`.

/** A message the test sent, with a body no other text contains. */
export interface Sent {
  id: number;
  body: string;
}

/** A body unique to this run, so counting it in the conversation counts this message. */
export function uniqueBody(label: string): string {
  return `${label} ${crypto.randomUUID().slice(0, 8)}`;
}

/** Every string in a request's messages (text blocks, tool results, system reminders), in order. */
export function allStrings(request: MessagesRequest): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(request.messages);
  return out;
}

/** allStrings as one text. */
export function allText(request: MessagesRequest): string {
  return allStrings(request).join("\n");
}

/** How often `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** `cc-dm send <to> <body> --json`, the real CLI on the world's bus; `route` is what it said it would take. */
export async function send(world: World, to: string, body: string): Promise<Sent & { route?: string }> {
  const out = await runCli(world, ["send", to, body, "--json"]);
  assert.equal(out.code, 0, `cc-dm send failed: ${out.stderr}${out.stdout}`);
  const result = JSON.parse(out.stdout);
  return { id: result.message_id, body, route: result.routes?.[to] };
}

/**
 * `cc-dm send <to> <body> --confirm --json`: returns once the recipient's model has it. Checks
 * that it says `delivered` and that the model did have it by then (the mock got the request
 * carrying it, allowing the transcript's RECEIPT_LEAD_MS).
 */
export async function sendConfirmed(
  world: World,
  mock: MockAnthropic,
  to: string,
  body: string,
): Promise<Sent> {
  const out = await runCli(world, ["send", to, body, "--confirm", "--timeout", "60", "--json"]);
  const returned = Date.now();
  assert.equal(out.code, 0, `cc-dm send --confirm failed (exit ${out.code}): ${out.stderr}${out.stdout}`);
  const result = JSON.parse(out.stdout);
  assert.equal(result.status, "delivered", out.stdout);
  const index = await arrival(mock, body, RECEIPT_LEAD_MS + 1000);
  assert.ok(
    mock.receivedAt[index] <= returned + RECEIPT_LEAD_MS,
    `send --confirm said delivered ${mock.receivedAt[index] - returned} ms before the model had it`,
  );
  return { id: result.message_id, body };
}

/** Index of the first conversation request that carries `body`, waited for. */
export async function arrival(mock: MockAnthropic, body: string, timeoutMs: number): Promise<number> {
  const has = (r: MessagesRequest) => isConversation(r) && allText(r).includes(body);
  await mock.waitForRequest(has, timeoutMs, `request carrying "${body}"`);
  return mock.requests.findIndex(has);
}

/** `delivery` of session `name` in `cc-dm who --json` (events | socket | hooks | inbox). */
export async function whoDelivery(world: World, name: string): Promise<string | undefined> {
  const out = await runCli(world, ["who", "--json"]);
  assert.equal(out.code, 0, `cc-dm who failed: ${out.stderr}`);
  const sessions = JSON.parse(out.stdout).sessions as { name: string; delivery: string }[];
  return sessions.find((s) => s.name === name)?.delivery;
}

/** Wait until no new request has reached the mock for `quietMs` (a stray duplicate would show). */
export async function settle(mock: MockAnthropic, quietMs = 3000, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = mock.requests.length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(100);
    if (mock.requests.length !== seen) {
      seen = mock.requests.length;
      since = Date.now();
    }
  }
}

/** How far a transcript receipt may run ahead of the mock's clock for the same request (see assertDeliveredOnce). */
export const RECEIPT_LEAD_MS = 1500;

export interface DeliveryRow {
  message_id: number;
  recipient: string;
  claimed_by: string | null;
  delivered_at: number | null;
}

/** The bus's delivery rows to `recipient`, oldest first. */
export function deliveryRows(world: World, recipient: string): DeliveryRow[] {
  return busRows(
    world.ccDmHome,
    `SELECT message_id, recipient, claimed_by, delivered_at FROM deliveries WHERE recipient = '${recipient}' ORDER BY id`,
  ) as unknown as DeliveryRow[];
}

/**
 * The proof, after the session settled: every message in `sent` reached the model, occurs
 * exactly once in the conversation (the last conversation request holds all of it), and its
 * delivery row is marked delivered, not before the first request that carried it.
 * Two honest leads are allowed: the receipt cc-dm waits for (the session's transcript line) is
 * written as Claude Code adds the turn to its conversation, a moment before the request leaves
 * (seen 5 ms ahead under -p): RECEIPT_LEAD_MS; and a hook hands its text to Claude Code and marks
 * the mail delivered as it exits, before Claude Code builds the request: `hookLeadMs`.
 */
export function assertDeliveredOnce(
  world: World,
  mock: MockAnthropic,
  recipient: string,
  sent: Sent[],
  hookLeadMs = 5000,
): void {
  const conversation = mock.requests.filter(isConversation);
  assert.ok(conversation.length > 0, "the model got no conversation request at all");
  const last = allText(conversation.at(-1)!);
  const rows = deliveryRows(world, recipient);
  for (const m of sent) {
    const first = mock.requests.findIndex((r) => isConversation(r) && allText(r).includes(m.body));
    assert.ok(first >= 0, `message ${m.id} ("${m.body}") never reached the model\n${mock.describe()}`);
    assert.equal(count(last, m.body), 1, `message ${m.id} ("${m.body}") shown once in the conversation`);
    const row = rows.find((r) => r.message_id === m.id);
    assert.ok(row, `no delivery row for message ${m.id}`);
    assert.ok(row.delivered_at !== null, `message ${m.id} reached the model but is not marked delivered`);
    const lead = String(row.claimed_by).startsWith("hook:") ? hookLeadMs : RECEIPT_LEAD_MS;
    assert.ok(
      row.delivered_at >= mock.receivedAt[first] - lead,
      `message ${m.id} marked delivered at ${row.delivered_at}, ${
        mock.receivedAt[first] - row.delivered_at
      } ms before the model had it (request #${first}, claimed by ${row.claimed_by})`,
    );
  }
}

/**
 * While `body` waits, check that none of `sent` is marked delivered unless the model already
 * has it: the failure of issue 11 ("sent ... (live)", marked delivered, never shown).
 */
export function assertNotDeliveredUnseen(
  world: World,
  mock: MockAnthropic,
  recipient: string,
  sent: Sent[],
): void {
  const rows = deliveryRows(world, recipient);
  for (const m of sent) {
    const row = rows.find((r) => r.message_id === m.id);
    if (!row || row.delivered_at === null) continue;
    const seen = mock.requests.some((r) => isConversation(r) && allText(r).includes(m.body));
    assert.ok(
      seen || String(row.claimed_by).startsWith("hook:"),
      `message ${m.id} is marked delivered (by ${row.claimed_by}) but no model request carries it`,
    );
  }
}

/** `cc-dm setup` (with `--hooks` when asked) as the user of `home` runs it: its HOME, the world's claude. */
export async function setupCcDm(home: ClaudeHome, hooks = false): Promise<string> {
  const self = selfCommand();
  const out = await new Deno.Command("timeout", {
    args: [
      "-k",
      "2",
      "60",
      self.command,
      ...self.args,
      "setup",
      ...(hooks ? ["--hooks"] : []),
      "--claude",
      home.world.claudeBin,
    ],
    cwd: home.project,
    env: home.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `cc-dm setup failed:\n${text}`);
  return text;
}

/**
 * A HOME for session `name` whose Claude Code (and so cc-dm's server) runs with
 * CC_DM_SESSION_NAME and the world's bus, as a user who exported them would.
 */
export async function sessionHome(world: World, name: string, mock: MockAnthropic): Promise<ClaudeHome> {
  const home = await world.home(name, mock);
  Object.assign(home.env, { CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: name });
  return home;
}

/** Merge `change` into the user's Claude Code settings (`~/.claude/settings.json`). */
export async function mergeSettings(home: ClaudeHome, change: Record<string, unknown>): Promise<void> {
  const path = join(home.home, ".claude", "settings.json");
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(await Deno.readTextFile(path));
  } catch {
    // none yet
  }
  await Deno.mkdir(join(home.home, ".claude"), { recursive: true });
  await home.writeJson(path, { ...current, ...change });
}

/**
 * Start an interactive Claude Code with `args` and get it to its prompt: past the
 * dev-channels dialog when Claude Code shows one (it does not when channels are off for the
 * account), with cc-dm session `name` live on the bus.
 */
export async function startInteractive(
  home: ClaudeHome,
  name: string,
  args: string[],
  timeoutSec = 120,
): Promise<TmuxClaude> {
  const session = await home.startInteractive(args, timeoutSec);
  const dialog = /I am using this for local development/;
  await home.explainFailure(async () => {
    const screen = await session.waitForScreen(/I am using this for local development|❯/, 30_000);
    if (dialog.test(screen)) {
      for (let attempt = 0; dialog.test(await session.screen()); attempt++) {
        if (attempt === 10) throw new Error("the dev-channels dialog stays open");
        await session.keys(["Enter"]);
        await sleep(1000);
      }
    }
    await waitForBus(home.world, 30_000);
    await home.world.waitForLive(name, 30_000);
    await session.waitForScreen(/❯/, 30_000);
  }, () => session.screen());
  return session;
}

/**
 * Wait until a cc-dm process created the bus, without touching it: opening it would create
 * it, and a test of a first start on a new machine must leave that to the session.
 */
export async function waitForBus(world: World, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await Deno.stat(join(world.ccDmHome, "bus.db"));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`no cc-dm bus in ${world.ccDmHome} after ${timeoutMs} ms`);
      await sleep(50);
    }
  }
}

/** Wait until Claude Code's debug log has a line matching `pattern`; returns that line. */
export async function waitForLog(home: ClaudeHome, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await Deno.readTextFile(home.debugFile).catch(() => "");
    const line = log.split("\n").find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline) {
      throw new Error(`Claude Code's debug log never matched ${pattern}:\n${await channelLog(home)}`);
    }
    await sleep(100);
  }
}

/** What a failed delivery test prints: Claude Code's log, the bus rows, who, the mock's requests. */
export async function diagnosis(
  world: World,
  home: ClaudeHome,
  mock: MockAnthropic,
  name: string,
): Promise<string> {
  const who = await runCli(world, ["who", "--json"]).then((o) => o.stdout.trim()).catch((e) => String(e));
  return [
    `--- ${home.label}: Claude Code ${world.claudeVersion} debug log (MCP, channels, socket) ---`,
    await channelLog(home),
    `--- bus deliveries to ${name} ---`,
    JSON.stringify(deliveryRows(world, name)),
    `--- cc-dm who --json ---`,
    who,
    `--- mock API ---`,
    mock.describe(),
  ].join("\n");
}

/** The lines of Claude Code's debug log about MCP servers and channels (for failure messages). */
export async function channelLog(home: ClaudeHome): Promise<string> {
  const log = await Deno.readTextFile(home.debugFile).catch(() => "(no debug log)");
  return log.split("\n").filter((l) => /MCP server "|[Cc]hannel|uds-messaging|peer|inbound/.test(l)).slice(
    -40,
  )
    .join("\n");
}

/**
 * Wait until the model has `m` (index of the first request carrying it). On timeout the error
 * leads with the worse finding when there is one, a message marked delivered that the model
 * never got, then Claude Code's log, the bus and the mock's requests.
 */
export async function reachesModel(
  home: ClaudeHome,
  mock: MockAnthropic,
  recipient: string,
  sent: Sent[],
  m: Sent,
  timeoutMs = 30_000,
): Promise<number> {
  try {
    return await arrival(mock, m.body, timeoutMs);
  } catch (err) {
    let headline = err instanceof Error ? err.message.split("\n")[0] : String(err);
    try {
      assertNotDeliveredUnseen(home.world, mock, recipient, sent.includes(m) ? sent : [...sent, m]);
    } catch (unseen) {
      headline = `${unseen instanceof Error ? unseen.message : unseen}\n(${headline})`;
    }
    throw new Error(`${headline}\n${await diagnosis(home.world, home, mock, recipient)}`);
  }
}
