// Run inside a user namespace whose inotify limit the caller set to 1 (tests/scale_test.ts):
// takes that one inotify instance itself, shows that another process can no longer get one,
// then starts `count` channels and sends each a message. Prints one JSON line with the outcome.
import { openBus } from "../../lib/bus/open_bus.ts";
import { sendDm } from "../../lib/mail/routing.ts";
import { ChannelPeer } from "./channel_peer.ts";
import { tempHome } from "./temp_home.ts";

const count = Number(Deno.args[0] ?? 6);
const hog = Deno.watchFs(Deno.cwd());
const probe = await new Deno.Command(Deno.execPath(), {
  args: ["eval", "Deno.watchFs('.'); console.log('watched')"],
  stdout: "piped",
  stderr: "piped",
}).output();
const probeText = new TextDecoder().decode(probe.stderr).trim().split("\n")[0] ?? "";

const home = await tempHome();
const peers: ChannelPeer[] = [];
const received: number[] = [];
let error = "";
try {
  for (let i = 0; i < count; i += 3) {
    const batch = Array.from({ length: Math.min(3, count - i) }, (_, j) => `w${i + j}`);
    peers.push(...await Promise.all(batch.map((name) => ChannelPeer.start({ env: home.env, name }))));
  }
  const bus = await openBus(home.env);
  try {
    for (let i = 0; i < count; i++) {
      await sendDm(
        bus,
        { name: "cli:test", role: "", project: "" },
        { to: `w${i}`, content: `hello w${i}` },
      );
    }
  } finally {
    await bus.close();
  }
  for (const peer of peers) received.push((await peer.waitForEvents(1, 20_000)).length);
} catch (err) {
  error = err instanceof Error ? err.message : String(err);
} finally {
  await Promise.all(peers.map((p) => p.close()));
  hog.close();
  await home.cleanup();
}
const outcome = JSON.stringify({ probeFailed: !probe.success, probeText, received, error });
Deno.stdout.writeSync(new TextEncoder().encode(outcome + "\n"));
