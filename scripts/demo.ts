// `deno task demo`: two sessions message each other over a throwaway bus, exactly as they would
// inside Claude Code (each is a real `cc-dm channel` process spoken to over MCP stdio), then a
// script joins in with `cc-dm send`, and `who` and `tail` show the bus. Nothing touches ~/.cc-dm.
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import { MAIN_TS, tempHome } from "../tests/helpers/temp_home.ts";

const out = (text = "") => Deno.stdout.writeSync(new TextEncoder().encode(text + "\n"));
const show = (who: string, e: { content: string; meta: Record<string, string> }) => {
  const attrs = Object.entries(e.meta).map(([k, v]) => `${k}="${v}"`).join(" ");
  out(`  ${who} receives (Claude Code shows the model):`);
  out(`    <channel source="cc-dm" ${attrs}>`);
  out(`    ${e.content}`);
  out(`    </channel>`);
};

async function cli(env: Record<string, string>, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", MAIN_TS, ...args],
    env,
    clearEnv: true,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const result = await child.output();
  return new TextDecoder().decode(result.stdout).trimEnd() +
    new TextDecoder().decode(result.stderr).trimEnd();
}

const home = await tempHome();
out(`cc-dm demo: bus in ${home.ccDmHome}\n`);
const planner = await ChannelPeer.start({ env: home.env, name: "planner", role: "orchestrator" });
const backend = await ChannelPeer.start({ env: home.env, name: "backend", role: "worker" });
try {
  out('1. planner calls dm{to: "backend", content: "Please add /health ..."}');
  const t0 = performance.now();
  const sent = await planner.call("dm", {
    to: "backend",
    content: "Please add a /health endpoint and tell me when it is green.",
    message_type: "task",
  });
  out(`  -> ${sent.text.split("\n")[0]}`);
  const [task] = await backend.waitForEvents(1);
  out(`  (arrived ${(task.at - performance.timeOrigin - t0).toFixed(1)} ms after the call)`);
  show("backend", task);

  out('\n2. backend replies in the thread: dm{to: "planner", in_reply_to: ...}');
  await backend.call("dm", {
    to: "planner",
    content: "Done: GET /health returns 200.",
    in_reply_to: task.meta.message_id,
  });
  show("planner", (await planner.waitForEvents(1))[0]);

  out('\n3. a script joins: echo "build is red" | cc-dm send backend');
  out(`  -> ${await cli(home.env, ["send", "backend", "--from", "ci"], "build is red on main")}`);
  show("backend", (await backend.waitForEvents(2))[1]);

  out("\n4. cc-dm who");
  out((await cli(home.env, ["who"])).replace(/^/gm, "  "));
  out("\n5. cc-dm tail --no-follow");
  out((await cli(home.env, ["tail", "--no-follow"])).replace(/^/gm, "  "));
  out('\nTo use it for real: see README.md, "Use it with Claude Code".');
} finally {
  await planner.close();
  await backend.close();
  await home.cleanup();
}
