// What a cc-dm hook adds to every tool call of a session: the wall time of one
// `cc-dm hook post-tool-use` process, spawn to exit, with the hook's JSON on stdin, against a
// live pull-mode channel (as without a channel flag). Runs alone with
// `deno run -A bench/hook_bench.ts`; the lead wires `benchHook` into `deno task bench`.
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import { MAIN_TS, tempHome } from "../tests/helpers/temp_home.ts";

export interface HookFigure {
  name: string;
  value: number;
  unit: string;
}

const RUNS = 15;
const WARM_UP = 2;
const SESSION = "bench-claude-session";
const LAUNCHER = join(MAIN_TS, "..", "bin", "cc-dm");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one process given `stdin`, in ms; throws unless it exits 0. */
async function wallTime(command: string, args: string[], env: Record<string, string>, stdin: string) {
  const started = performance.now();
  const child = new Deno.Command(command, {
    args,
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const out = await child.output();
  const elapsed = performance.now() - started;
  if (!out.success) throw new Error(`${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  return { elapsed, stdout: new TextDecoder().decode(out.stdout) };
}

/** Median wall times of the busy-path hook: no mail, one message, and through the plugin launcher. */
export async function benchHook(): Promise<HookFigure[]> {
  const home = await tempHome();
  const env = { ...home.env };
  const peer = await ChannelPeer.start({
    env,
    name: "rx",
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
  const stdin = JSON.stringify({
    session_id: SESSION,
    hook_event_name: "PostToolUse",
    tool_name: "Bash",
    tool_input: { command: "ls" },
    tool_response: { stdout: "a\nb\n", stderr: "" },
  });
  const hookArgs = ["run", "--allow-all", "--quiet", MAIN_TS, "hook", "post-tool-use"];
  const bus = await openBus(env);
  try {
    const series = async (
      run: () => Promise<{ elapsed: number; stdout: string }>,
      before?: () => Promise<void>,
    ) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS + WARM_UP; i++) {
        await before?.();
        const { elapsed, stdout } = await run();
        if (before && !stdout.includes("additionalContext")) throw new Error("the hook showed no message");
        if (!before && stdout) throw new Error(`the hook printed ${stdout}`);
        if (i >= WARM_UP) times.push(elapsed);
      }
      return median(times);
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
    const runtime = await series(() =>
      wallTime(Deno.execPath(), ["run", "--allow-all", "--quiet", MAIN_TS, "--version"], env, "").then((
        r,
      ) => ({ ...r, stdout: "" }))
    );
    const noMail = await series(() => wallTime(Deno.execPath(), hookArgs, env, stdin));
    const withMail = await series(() => wallTime(Deno.execPath(), hookArgs, env, stdin), oneMessage);
    const launcher = await series(() => wallTime("sh", [LAUNCHER, "hook", "post-tool-use"], env, stdin));
    // State tracking: a tool call of a session already busy writes nothing (the no-mail figure
    // above); a turn's first and last hook change the state, one small write each.
    const turnInput = (event: string) => JSON.stringify({ session_id: SESSION, hook_event_name: event });
    let flip = false;
    const stateChange = await series(() => {
      flip = !flip;
      const event = flip ? "UserPromptSubmit" : "Stop";
      const args = ["run", "--allow-all", "--quiet", MAIN_TS, "hook", flip ? "user-prompt-submit" : "stop"];
      return wallTime(Deno.execPath(), args, env, turnInput(event));
    });
    return [
      {
        name: `cc-dm hook post-tool-use, no mail, median of ${RUNS} (spawn to exit)`,
        value: noMail,
        unit: "ms",
      },
      { name: `cc-dm hook post-tool-use, one message, median of ${RUNS}`, value: withMail, unit: "ms" },
      { name: `same, no mail, through the plugin launcher (sh bin/cc-dm)`, value: launcher, unit: "ms" },
      {
        name: `cc-dm hook user-prompt-submit / stop, each a state change (busy <-> idle), median of ${RUNS}`,
        value: stateChange,
        unit: "ms",
      },
      { name: `runtime start alone (cc-dm --version), for comparison`, value: runtime, unit: "ms" },
    ];
  } finally {
    await bus.close();
    await peer.close();
    await home.cleanup();
  }
}

if (import.meta.main) {
  for (const f of await benchHook()) {
    Deno.stdout.writeSync(
      new TextEncoder().encode(`${f.name.padEnd(64)} ${f.value.toFixed(1).padStart(8)} ${f.unit}\n`),
    );
  }
}
