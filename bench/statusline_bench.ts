// Claude Code runs its status line command often (on every update of the screen): one
// `cc-dm statusline` process, spawn to exit, with the status line JSON on stdin, on a bus with
// this session and a few peers. Runs alone with `deno run -A bench/statusline_bench.ts`.
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import { MAIN_TS, tempHome } from "../tests/helpers/temp_home.ts";
import type { HookFigure } from "./hook_bench.ts";

const RUNS = 15;
const WARM_UP = 2;
const SESSION = "bench-statusline-session";

export async function benchStatusLine(): Promise<HookFigure[]> {
  const home = await tempHome();
  const peers = [
    await ChannelPeer.start({ env: home.env, name: "me", extraEnv: { CLAUDE_CODE_SESSION_ID: SESSION } }),
    ...await Promise.all(["p1", "p2", "p3"].map((name) => ChannelPeer.start({ env: home.env, name }))),
  ];
  const stdin = new TextEncoder().encode(JSON.stringify({
    session_id: SESSION,
    cwd: home.home,
    model: { id: "claude-x", display_name: "X" },
    workspace: { current_dir: home.home },
  }));
  try {
    const times: number[] = [];
    for (let i = 0; i < RUNS + WARM_UP; i++) {
      const started = performance.now();
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--quiet", MAIN_TS, "statusline"],
        env: home.env,
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(stdin);
      await writer.close();
      const out = await child.output();
      const elapsed = performance.now() - started;
      const line = new TextDecoder().decode(out.stdout);
      if (!line.startsWith("cc-dm me · ")) throw new Error(`unexpected status line ${JSON.stringify(line)}`);
      if (i >= WARM_UP) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    const median = times.length % 2
      ? times[times.length >> 1]
      : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
    return [{
      name: `cc-dm statusline, 4 live sessions, median of ${RUNS} (spawn to exit)`,
      value: median,
      unit: "ms",
    }];
  } finally {
    for (const p of peers) await p.close();
    await home.cleanup();
  }
}

if (import.meta.main) {
  for (const f of await benchStatusLine()) {
    Deno.stdout.writeSync(
      new TextEncoder().encode(`${f.name.padEnd(64)} ${f.value.toFixed(1).padStart(8)} ${f.unit}\n`),
    );
  }
}
