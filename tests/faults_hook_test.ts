// Defect 5 of issue 13 (and 11 item 4): the waiting SessionStart hook of the first session on
// a machine starts before its channel created the bus directory; it must still wake the
// session for its first mail, also when hooks/ cannot be written.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";
import { cc, spawnCli } from "./cli_run.ts";

const SESSION = "5f0c8e9a-0000-4000-8000-0000000000f5";
const INTERACTIVE = { CLAUDE_CODE_ENTRYPOINT: "cli", CLAUDE_PID: String(Deno.pid) };
const INPUT = JSON.stringify({ session_id: SESSION, hook_event_name: "SessionStart", cwd: "/tmp" });

function startWaiter(t: TempHome) {
  const child = spawnCli(t.env, ["hook", "session-start", "--wait", "--timeout", "60"], {
    stdin: "piped",
    extraEnv: INTERACTIVE,
  });
  const writer = child.stdin.getWriter();
  return writer.write(new TextEncoder().encode(INPUT)).then(() => writer.close()).then(() => child.output())
    .then((out) => ({
      code: out.code,
      stderr: new TextDecoder().decode(out.stderr),
    }));
}

async function firstMailWakes(t: TempHome, beforeChannel: () => Promise<void> = () => Promise.resolve()) {
  let rx: ChannelPeer | undefined;
  try {
    const waiter = startWaiter(t);
    await new Promise((r) => setTimeout(r, 1500)); // the hook has looked and found no bus
    await beforeChannel();
    rx = await ChannelPeer.start({
      env: t.env,
      name: "rx",
      extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
    });
    const sent = await cc(t.env, ["send", "rx", "first mail on this machine"]);
    assert.equal(sent.code, 0, sent.stderr);
    const out = await waiter;
    assert.equal(out.code, 2, `the hook woke the session: ${out.stderr}`);
    assert.match(out.stderr, /first mail on this machine/);
  } finally {
    await rx?.close();
    await t.cleanup();
  }
}

Deno.test("hook session-start --wait before the bus directory exists: the first mail still wakes the session", async () => {
  const t = await tempHome();
  await assertNoDir(t.ccDmHome);
  await firstMailWakes(t);
});

Deno.test("hook session-start --wait with a hooks/ it cannot write: still wakes the session", async () => {
  const t = await tempHome();
  await firstMailWakes(t, async () => {
    const hooks = join(t.ccDmHome, "hooks");
    await Deno.mkdir(hooks, { recursive: true, mode: 0o700 });
    // Root writes anywhere: a hooks/ of another user is one it will not write either.
    if (Deno.uid() === 0) await Deno.chown(hooks, 65534, 65534);
    else await Deno.chmod(hooks, 0o500);
  });
});

async function assertNoDir(path: string) {
  await Deno.stat(path).then(
    () => assert.fail(`${path} exists`),
    (err) => assert.ok(err instanceof Deno.errors.NotFound),
  );
}
