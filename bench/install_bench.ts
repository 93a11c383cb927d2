// What installing cc-dm the new way changes, before and after in one run: the launcher running
// the bundle (dist/cc-dm.js) instead of main.ts from source, and the busy-path hooks' sh "no
// mail" check instead of a runtime start on every tool call. "Before" is what the plugin's
// launcher ran until now: `deno run main.ts` with the deno.json module graph. Wired into
// `deno task bench`; runs alone with `deno run -A bench/install_bench.ts`.
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import { NO_MAIL_CHECK } from "../lib/bus/no_mail_marks.ts";
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import { MAIN_TS, type TempHome, tempHome } from "../tests/helpers/temp_home.ts";
import { median, rssMiB } from "./process_stats.ts";
import type { Figure } from "./channel_bench.ts";

const REPO = join(MAIN_TS, "..");
const LAUNCHER = join(REPO, "bin", "cc-dm");
const BUNDLE = join(REPO, "dist", "cc-dm.js");
const SOURCE = [
  Deno.execPath(),
  "run",
  "--allow-all",
  "--quiet",
  "--config",
  join(REPO, "deno.json"),
  MAIN_TS,
];
const RUNS = 15;
const SESSION = "bench-install-session";
const text = new TextDecoder();

/** Wall time of one process, spawn to exit, with `stdin`; throws unless it exits 0. */
async function wall(argv: string[], env: Record<string, string>, stdin = "") {
  const started = performance.now();
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin)).catch(() => {});
  await writer.close().catch(() => {});
  const out = await child.output();
  const ms = performance.now() - started;
  if (!out.success) throw new Error(`${argv.join(" ")} failed: ${text.decode(out.stderr)}`);
  return { ms, stdout: text.decode(out.stdout) };
}

/** Median of `runs` timings after two warm-up runs; `before` runs untimed ahead of each. */
async function series(
  runs: number,
  once: () => Promise<{ ms: number; stdout: string }>,
  check: (stdout: string) => void,
  before?: () => Promise<void>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    await before?.();
    const { ms, stdout } = await once();
    check(stdout);
    if (i >= 2) times.push(ms);
  }
  return median(times);
}

/** Spawn to the answer of `initialize`: how long Claude Code waits for the server to connect. */
async function startToInitialize(argv: string[], env: Record<string, string>, timeoutMs = 60_000) {
  const started = performance.now();
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(
    `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}\n`,
  ));
  const reader = child.stdout.getReader();
  let errors = "";
  const drain = (async () => {
    for await (const chunk of child.stderr) errors += text.decode(chunk);
  })().catch(() => {});
  let seen = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    while (!seen.includes(`"id":0`)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`${argv.join(" ")} ended before answering initialize: ${errors}`);
      seen += text.decode(value);
    }
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
    await writer.close().catch(() => {});
    await child.stdout.cancel().catch(() => {});
    await child.status;
    await drain;
  }
}

/** First start with an empty Deno cache, then a warm start, of one way to run `channel`. */
async function starts(t: TempHome, argv: string[], label: string): Promise<Figure[]> {
  const denoDir = await Deno.makeTempDir({ prefix: "cc-dm-bench-deno-" });
  // "Before" downloads its npm packages: give it this machine's way to the registry (proxy,
  // CA certificates), i.e. the whole environment, with the test's HOME and the empty cache.
  const env = { ...Deno.env.toObject(), ...t.env, DENO_DIR: denoDir };
  try {
    const cold = await startToInitialize(argv, env).catch((err) => {
      Deno.stderr.writeSync(new TextEncoder().encode(`${label}: first start failed: ${err}\n`));
      return NaN;
    });
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await startToInitialize(argv, env));
    return [
      { name: `${label}: first start, empty Deno cache`, value: cold, unit: "ms", target: "<= 3000" },
      { name: `${label}: warm start, median of 5`, value: median(warm), unit: "ms" },
    ];
  } finally {
    await Deno.remove(denoDir, { recursive: true }).catch(() => {});
  }
}

/** RSS of an idle process started by `argv` after it settled. */
async function idleRss(argv: string[], env: Record<string, string>, settleMs = 2500): Promise<number> {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await new Promise((r) => setTimeout(r, settleMs));
    return rssMiB(child.pid);
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.stdin.close().catch(() => {});
    await child.status;
  }
}

/** The install figures, before and after. */
export async function benchInstall(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const t = await tempHome();
  const env = { ...t.env, CLAUDE_PID: String(Deno.pid) };
  const peer = await ChannelPeer.start({
    env: t.env,
    name: "rx",
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
  const bus = await openBus(t.env);
  try {
    // cc-dm send, spawn to exit.
    const sent = (_: string) => {};
    figures.push({
      name: `cc-dm send, before: deno run main.ts, median of ${RUNS}`,
      value: await series(RUNS, () => wall([...SOURCE, "send", "rx", "ping"], env), sent),
      unit: "ms",
    }, {
      name: `cc-dm send, after: launcher + bundle, median of ${RUNS}`,
      value: await series(RUNS, () => wall(["sh", LAUNCHER, "send", "rx", "ping"], env), sent),
      unit: "ms",
    });
    // Mark what the sends queued delivered, so the hooks below start with no mail.
    await ackAll(t);

    // A busy-path hook, as Claude Code runs it on every tool call.
    const stdin = JSON.stringify({
      session_id: SESSION,
      hook_event_name: "PostToolUse",
      tool_name: "Bash",
      tool_input: { command: "ls" },
      tool_response: { stdout: "a\nb\n", stderr: "" },
    });
    const noOutput = (out: string) => {
      if (out) throw new Error(`the hook printed ${out}`);
    };
    const shown = (out: string) => {
      if (!out.includes("additionalContext")) throw new Error("the hook showed no message");
    };
    const oneMessage = () =>
      bus.insertMessage({
        from: "cli:bench",
        fromRole: "cli",
        fromProject: "",
        to: "rx",
        recipients: ["rx"],
        content: "ping from the bench",
        priority: "normal",
        messageType: "chat",
        threadId: null,
        inReplyTo: null,
        meta: {},
      }).then(() => {});
    const before = [...SOURCE, "hook", "post-tool-use"];
    const after = ["sh", LAUNCHER, "hook", "post-tool-use"];
    const setupLine = ["sh", "-c", `${NO_MAIL_CHECK}; exec "$0" "$@"`, ...before];
    const hookFigures: [string, string[], boolean][] = [
      ["hook per tool call, no mail, before: deno run main.ts", before, false],
      ["hook per tool call, no mail, after: sh bin/cc-dm (marker check)", after, false],
      ["hook per tool call, no mail, after: setup's sh check + deno run", setupLine, false],
      ["hook per tool call, one message, before: deno run main.ts", before, true],
      ["hook per tool call, one message, after: sh bin/cc-dm -> bundle", after, true],
    ];
    // "Before" without CLAUDE_PID: then the real hook leaves no marker, as until now.
    const { CLAUDE_PID: _, ...today } = env;
    for (const [name, argv, mail] of hookFigures) {
      const runEnv = argv === before ? today : env;
      figures.push({
        name: `${name}, median of ${RUNS}`,
        value: await series(
          RUNS,
          () => wall(argv, runEnv, stdin),
          mail ? shown : noOutput,
          mail ? oneMessage : undefined,
        ),
        unit: "ms",
        target: mail || !name.includes("after") ? undefined : "<= 5",
      });
    }

    // Memory of one idle session: its channel, and its waiting (Stop) hook when hooks deliver.
    const waiting = ["hook", "stop", "--wait", "--timeout", "600"];
    const waitEnv = { ...env, CLAUDE_CODE_ENTRYPOINT: "cli" };
    const bundled = [Deno.execPath(), "run", "--allow-all", "--quiet", "--no-config", BUNDLE];
    figures.push(
      {
        name: "idle channel RSS, before: from source",
        value: await idleRss([...SOURCE, "channel"], { ...t.env, CC_DM_SESSION_NAME: "m1" }),
        unit: "MiB",
      },
      {
        name: "idle channel RSS, after: bundle",
        value: await idleRss([...bundled, "channel"], { ...t.env, CC_DM_SESSION_NAME: "m2" }),
        unit: "MiB",
      },
      {
        name: "waiting Stop hook RSS, before: from source",
        value: await idleRss([...SOURCE, ...waiting], waitEnv),
        unit: "MiB",
      },
      {
        name: "waiting Stop hook RSS, after: bundle",
        value: await idleRss([...bundled, ...waiting], waitEnv),
        unit: "MiB",
      },
    );
  } finally {
    await bus.close();
    await peer.close();
  }

  // Plugin start: what Claude Code waits for before the server counts as connected.
  try {
    figures.push(...await starts(t, [...SOURCE, "channel"], "plugin server, before: deno run main.ts"));
    figures.push(
      ...await starts(t, ["sh", LAUNCHER, "channel"], "plugin server, after: sh bin/cc-dm (bundle)"),
    );
  } finally {
    await t.cleanup();
  }
  return figures;
}

/** Acknowledge everything still undelivered (the send figures queued it). */
async function ackAll(t: TempHome): Promise<void> {
  const bus = await openBus(t.env, { mustExist: true });
  try {
    for (const { recipient } of await bus.queuedMail()) {
      for (;;) {
        const taken = await bus.claimDeliveries(recipient, "bench", 60_000, 1000);
        if (taken.length === 0) break;
        await bus.ackDeliveries(taken.map((d) => d.deliveryId), "bench");
      }
    }
  } finally {
    await bus.close();
  }
}

if (import.meta.main) {
  const only = Deno.args[0] === "--starts";
  const t = only ? await tempHome() : null;
  const figures = t
    ? [
      ...await starts(t, [...SOURCE, "channel"], "before"),
      ...await starts(t, ["sh", LAUNCHER, "channel"], "after"),
    ]
    : await benchInstall();
  await t?.cleanup();
  for (const f of figures) {
    Deno.stdout.writeSync(
      new TextEncoder().encode(`${f.name.padEnd(72)} ${f.value.toFixed(1).padStart(8)} ${f.unit}\n`),
    );
  }
}
