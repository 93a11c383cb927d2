import assert from "node:assert/strict";
import { channelEventsGate, type SessionFacts } from "../lib/claude_code/channel_gates.ts";
import { findOwnServer } from "../lib/claude_code/own_server.ts";
import type { McpEntry } from "../lib/claude_code/mcp_config.ts";
import { chooseRoute, type ClaudeSession } from "../lib/channel/delivery_route.ts";
import { channelConfig } from "../lib/channel/channel_config.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";

const ON = { cachedGrowthBookFeatures: { tengu_harbor: true } };

function facts(argv: string[] | null, over: Partial<SessionFacts> = {}): SessionFacts {
  return {
    env: { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" },
    claudeArgv: argv,
    ownFlagValue: "server:cc-dm",
    claudeJson: ON,
    managed: { present: false, merged: {} },
    ...over,
  };
}

const DEV = "--dangerously-load-development-channels";

/** The route for `env`, with CC_DM_PUSH parsed as the channel parses it. */
function route(env: Record<string, string>, s: ClaudeSession | null) {
  return chooseRoute(env, s, channelConfig(env).push);
}

Deno.test("events gate: open only when the flag names this very server and every gate is open", () => {
  assert.equal(channelEventsGate(facts(["claude", DEV, "server:cc-dm"])).open, true);
  assert.equal(channelEventsGate(facts(["claude", `${DEV}=server:x,server:cc-dm`])).open, true);
  const cases: [string, SessionFacts, RegExp][] = [
    ["no flag", facts(["claude"]), /without a channel flag/],
    ["another server named", facts(["claude", DEV, "server:other"]), /name server:other, not this server/],
    [
      "plugin flag but we are the user entry",
      facts(["claude", DEV, "plugin:cc-dm@cc-dm"]),
      /not this server/,
    ],
    ["-p ignores the dev flag", facts(["claude", "-p", DEV, "server:cc-dm"]), /headless/],
    [
      "-p by entrypoint",
      facts(["claude", DEV, "server:cc-dm"], { env: { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-cli" } }),
      /headless/,
    ],
    ["feature off", facts(["claude", DEV, "server:cc-dm"], { claudeJson: {} }), /tengu_harbor/],
    [
      "feature false",
      facts(["claude", DEV, "server:cc-dm"], {
        claudeJson: { cachedGrowthBookFeatures: { tengu_harbor: false } },
      }),
      /tengu_harbor/,
    ],
    [
      "telemetry off",
      facts(["claude", DEV, "server:cc-dm"], { env: { CLAUDECODE: "1", DISABLE_TELEMETRY: "1" } }),
      /DISABLE_TELEMETRY/,
    ],
    [
      "nonessential traffic off",
      facts(["claude", DEV, "server:cc-dm"], {
        env: { CLAUDECODE: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
      }),
      /NONESSENTIAL/,
    ],
    [
      "managed settings without channelsEnabled",
      facts(["claude", DEV, "server:cc-dm"], { managed: { present: true, merged: {} } }),
      /channelsEnabled/,
    ],
    [
      "bedrock",
      facts(["claude", DEV, "server:cc-dm"], { env: { CLAUDECODE: "1", CLAUDE_CODE_USE_BEDROCK: "1" } }),
      /first-party/,
    ],
    ["unreadable command line", facts(null), /cannot be read/],
    [
      "own entry unknown",
      facts(["claude", DEV, "server:cc-dm"], { ownFlagValue: null, ownUnknown: "two entries" }),
      /two entries/,
    ],
    [
      "--channels plugin not on the allowlist",
      facts(["claude", "--channels", "plugin:cc-dm@cc-dm"], { ownFlagValue: "plugin:cc-dm@cc-dm" }),
      /allowlist/,
    ],
  ];
  for (const [name, f, why] of cases) {
    const gate = channelEventsGate(f);
    assert.equal(gate.open, false, name);
    assert.match(gate.reason, why, name);
  }
  // Kept on when the cache survives telemetry off, and with managed settings allowing channels.
  assert.equal(
    channelEventsGate(facts(["claude", DEV, "server:cc-dm"], {
      env: { CLAUDECODE: "1", DISABLE_TELEMETRY: "1", CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF: "1" },
    })).open,
    true,
  );
  assert.equal(
    channelEventsGate(facts(["claude", DEV, "server:cc-dm"], {
      managed: { present: true, merged: { channelsEnabled: true } },
    })).open,
    true,
  );
  // An allowlisted plugin works under -p with --channels.
  const ledger = {
    cachedGrowthBookFeatures: {
      tengu_harbor: true,
      tengu_harbor_ledger: [{ plugin: "cc-dm", marketplace: "m" }],
    },
  };
  assert.equal(
    channelEventsGate(facts(["claude", "-p", "--channels", "plugin:cc-dm@m"], {
      ownFlagValue: "plugin:cc-dm@m",
      claudeJson: ledger,
    })).open,
    true,
  );
});

const entry = (name: string, command: string, args: string[], extra: Partial<McpEntry> = {}): McpEntry => ({
  scope: "user",
  name,
  type: "stdio",
  command,
  args,
  env: {},
  file: "/home/me/.claude.json",
  ...extra,
});

Deno.test("own server: found by plugin root, by CC_DM_SERVER_NAME, or by the command line; ambiguous is unknown", () => {
  const user = entry("cc-dm", "/usr/local/bin/cc-dm", ["channel"]);
  const other = entry("telegram", "bun", ["run", "tg.ts"]);
  const plugin = entry("cc-dm", "sh", ["/p/bin/cc-dm", "channel"], {
    scope: "plugin",
    file: "/p/.claude-plugin/plugin.json",
    plugin: { id: "cc-dm@cc-dm", enabled: true },
  });
  const all = [user, other, plugin];
  const viaPlugin = findOwnServer({ CLAUDE_PLUGIN_ROOT: "/p" }, all, []);
  assert.ok("found" in viaPlugin);
  assert.equal(viaPlugin.found.flagValue, "plugin:cc-dm@cc-dm");
  assert.equal(viaPlugin.found.source, "plugin:cc-dm:cc-dm");
  // A directory marketplace runs the plugin from its source: the data folder names the install.
  const viaData = findOwnServer(
    {
      CLAUDE_PLUGIN_ROOT: "/src/market/plugins/cc-dm",
      CLAUDE_PLUGIN_DATA: "/h/.claude/plugins/data/cc-dm-cc-dm",
    },
    all,
    [],
  );
  assert.ok(
    "found" in viaData && viaData.found.flagValue === "plugin:cc-dm@cc-dm" &&
      viaData.found.how === "CLAUDE_PLUGIN_DATA",
  );
  const viaArgv = findOwnServer({}, all, [["/bin/sh", "/usr/local/bin/cc-dm", "channel"]]);
  assert.ok("found" in viaArgv);
  assert.equal(viaArgv.found.flagValue, "server:cc-dm");
  const viaDeno = findOwnServer({}, [entry("dm", "deno", ["run", "-A", "/x/main.ts", "channel"])], [
    ["/usr/bin/deno", "run", "-A", "/x/main.ts", "channel"],
  ]);
  assert.ok("found" in viaDeno && viaDeno.found.flagValue === "server:dm");
  const named = findOwnServer({ CC_DM_SERVER_NAME: "cc-dm" }, all, []);
  assert.ok("found" in named && named.found.how === "CC_DM_SERVER_NAME");
  const twice = findOwnServer({}, [user, { ...user, name: "cc-dm-2", scope: "local" }], [[
    "/usr/local/bin/cc-dm",
    "channel",
  ]]);
  assert.ok("unknown" in twice);
  assert.match(twice.unknown, /several MCP entries/);
  assert.ok("unknown" in findOwnServer({}, all, [["node", "elsewhere.js"]]));
});

function session(argv: string[], over: Partial<ClaudeSession> = {}, live: { socket: string | null } = {
  socket: "/tmp/cc-socks/1.sock",
}): ClaudeSession {
  return {
    facts: facts(argv),
    claude: { pid: 1, argv, between: [] },
    own: null,
    projectDir: null,
    managed: {},
    hooksInstalled: false,
    otherChannel: null,
    live: () => ({ sessionId: "s", cwd: "/x", status: "idle", ...live }),
    ...over,
  };
}

Deno.test("route: events when every gate is open, else the inbox socket, else hooks or inbox", () => {
  const env = { CLAUDECODE: "1", HOME: "/nonexistent" };
  assert.equal(route(env, session(["claude", DEV, "server:cc-dm"])).route, "events");
  const other = route(env, session(["claude", DEV, "server:other"]));
  assert.equal(other.route, "socket");
  assert.match(other.reason, /server:other.*inbox socket/);
  const noSocket = route(env, session(["claude"], {}, { socket: null }));
  assert.equal(noSocket.route, "inbox");
  assert.equal(
    route(env, session(["claude"], { hooksInstalled: true }, { socket: null })).route,
    "hooks",
  );
  assert.equal(route({ ...env, CLAUDE_CODE_HARBOR_KITE: "0" }, session(["claude"])).route, "inbox");
  assert.equal(route(env, session(["claude", "--bare"])).route, "inbox");
  const refused = route(env, session(["claude"], { managed: { crossSessionInbound: "refuse" } }));
  assert.equal(refused.route, "inbox");
  assert.match(refused.reason, /refuse/);
  assert.match(refused.fix ?? "", /crossSessionInbound/);
  assert.equal(route({ ...env, CC_DM_PUSH: "always" }, session(["claude"])).route, "events");
  assert.equal(
    route({ ...env, CC_DM_PUSH: "never" }, session(["claude", DEV, "server:cc-dm"])).route,
    "inbox",
  );
  assert.equal(route({}, null).route, "events", "other MCP clients get events");
  assert.throws(() => channelConfig({ CC_DM_PUSH: "sometimes" }), /Invalid CC_DM_PUSH "sometimes"/);
});

Deno.test("a session in pull mode keeps its mail for inbox, and its instructions say so", async () => {
  const t = await tempHome();
  const a = await inProcessPeer({ env: t.env, name: "alpha" });
  const b = await inProcessPeer({ env: t.env, name: "beta", extraEnv: { CC_DM_PUSH: "never" } });
  try {
    assert.match(b.instructions, /NOT pushed.*call inbox/s);
    const sent = await a.call("dm", { to: "beta", content: "pull me" });
    assert.equal(sent.isError, false, sent.text);
    const inbox = await b.call("inbox");
    // inbox found it unclaimed, so no push took it first.
    assert.equal(b.events.length, 0, "nothing pushed");
    const messages = inbox.data?.messages as { content: string; from_session: string; message_id: string }[];
    assert.deepEqual(messages.map((m) => [m.from_session, m.content]), [["alpha", "pull me"]]);
    assert.equal(messages[0].message_id, sent.data?.message_id);
    const again = await b.call("inbox");
    assert.deepEqual(again.data?.messages, [], "shown once");
  } finally {
    await a.close();
    await b.close();
    await t.cleanup();
  }
});
