import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { join } from "node:path";
import { subscribeWake, wakeKey, wakeRecipients } from "../lib/bus/sqlite/wake_sockets.ts";
import { UnsafeBusPathError } from "../lib/private_files.ts";
import { openBus } from "../lib/bus/open_bus.ts";
import { sendDm } from "../lib/mail/routing.ts";
import { tempHome } from "./helpers/temp_home.ts";

// The wake-up mechanism in one process: a reader's socket, and what a sender must never do to
// the files it finds in the wake directory (follow a link, block on a FIFO, fail after COMMIT).

const IS_ROOT = Deno.build.os === "linux" && Deno.uid() === 0;

async function withDir(work: (root: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-wake-" });
  try {
    await work(join(dir, "sockets"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a send wakes each reader of its recipient and every traffic follower, not others", async () => {
  await withDir(async (root) => {
    const alice = subscribeWake(root, "alice");
    const alice2 = subscribeWake(root, "alice");
    const bob = subscribeWake(root, "bob");
    const traffic = subscribeWake(root, null);
    try {
      assertEquals([alice.mode, bob.mode, traffic.mode], ["socket", "socket", "socket"]);
      await wakeRecipients(root, ["alice"]);
      assertEquals(await alice.next(2000), true);
      assertEquals(await alice2.next(2000), true);
      assertEquals(await traffic.next(2000), true);
      assertEquals(await bob.next(50), false);
      // Wake-ups coalesce: one pending flag, not a queue of them.
      await wakeRecipients(root, ["alice"]);
      await wakeRecipients(root, ["alice"]);
      assertEquals(await alice.next(2000), true);
      await new Promise((r) => setTimeout(r, 20));
      assertEquals(await alice.next(20), false);
    } finally {
      for (const s of [alice, alice2, bob, traffic]) s.close();
    }
    // Closed readers remove their sockets.
    assertEquals([...Deno.readDirSync(join(root, "alice"))].length, 0);
  });
});

Deno.test("long and cli: names get short keys; a socket path stays under the system limit", () => {
  assertEquals(wakeKey("cli:ana"), "cli~ana");
  assertEquals(wakeKey(null), ".traffic");
  const long = "a".repeat(64);
  assertEquals(wakeKey(long).length, 24);
  assert(wakeKey(long) !== wakeKey("a".repeat(63) + "b"));
});

Deno.test("a socket path too long for the system falls back to polling that still says 'look'", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-wake-" });
  const root = join(dir, "x".repeat(90), "sockets");
  try {
    const notes: string[] = [];
    const sub = subscribeWake(root, "alice", (t) => notes.push(t));
    try {
      assertEquals(sub.mode, "poll");
      assertMatch(sub.detail ?? "", /longer than/);
      assertMatch(notes.join("\n"), /polling every 250 ms/, "the fallback is said in the log");
      assertEquals(await sub.next(2000), true); // the fallback poll's "look now", well before 2 s
    } finally {
      sub.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a sender never follows a link, blocks on a FIFO, or fails on junk in the wake directory", async () => {
  await withDir(async (root) => {
    const reader = subscribeWake(root, "alice");
    const outside = join(root, "..", "notes.txt");
    Deno.writeTextFileSync(outside, "keep me");
    try {
      const dir = join(root, "alice");
      Deno.symlinkSync(outside, join(dir, "evil.sock"));
      if (Deno.build.os !== "windows") {
        new Deno.Command("mkfifo", { args: [join(dir, "fifo.sock")] }).outputSync();
      }
      Deno.writeTextFileSync(join(dir, "file.sock"), "");
      Deno.mkdirSync(join(dir, "dir.sock"));
      // A whole recipient directory that is a link to somewhere else is skipped, not read.
      Deno.mkdirSync(join(root, "..", "elsewhere"));
      Deno.symlinkSync(join(root, "..", "elsewhere"), join(root, "mallory"));
      const started = performance.now();
      await wakeRecipients(root, ["alice", "mallory", "nobody"]);
      assert(performance.now() - started < 1000, "a send must not block");
      assertEquals(await reader.next(2000), true);
      assertEquals(Deno.readTextFileSync(outside), "keep me");
      assert(Deno.lstatSync(join(dir, "evil.sock")).isSymlink);
    } finally {
      reader.close();
    }
  });
});

Deno.test("a dead reader's socket is removed by the next sender", async () => {
  await withDir(async (root) => {
    // A reader killed with -9 leaves its socket behind.
    const dir = join(root, "alice");
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    Deno.chmodSync(root, 0o700);
    const path = join(dir, "dead.sock");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `const l = Deno.listen({ transport: "unix", path: ${JSON.stringify(path)} });
      console.log("up", l.addr.transport); setTimeout(() => {}, 60000);`,
      ],
      stdout: "piped",
    }).spawn();
    await child.stdout.getReader().read();
    child.kill("SIGKILL");
    await child.status;
    assert(Deno.lstatSync(path).isSocket);
    await wakeRecipients(root, ["alice"]);
    let exists = true;
    try {
      Deno.lstatSync(path);
    } catch {
      exists = false;
    }
    assertEquals(exists, false);
  });
});

Deno.test("a loose recipient directory is tightened; a link planted in its place is replaced, not followed", async () => {
  await withDir((root) => {
    const notes: string[] = [];
    Deno.mkdirSync(root, { mode: 0o700 });
    Deno.mkdirSync(join(root, "alice"));
    Deno.chmodSync(join(root, "alice"), 0o777);
    const target = join(root, "..", "target");
    Deno.mkdirSync(target);
    Deno.symlinkSync(target, join(root, "bob"));
    const a = subscribeWake(root, "alice", (t) => notes.push(t));
    const b = subscribeWake(root, "bob", (t) => notes.push(t));
    try {
      assertEquals(a.mode, "socket");
      assertEquals(b.mode, "socket");
      assertEquals((Deno.lstatSync(join(root, "alice")).mode ?? 0) & 0o777, 0o700);
      assert(Deno.lstatSync(join(root, "bob")).isDirectory);
      assertEquals([...Deno.readDirSync(target)].length, 0, "nothing was created through the link");
      assertMatch(notes.join("\n"), /Tightened .*alice from 777 to 700/);
      assertMatch(notes.join("\n"), /Replaced a symbolic link at .*bob with a private directory/);
    } finally {
      a.close();
      b.close();
    }
  });
});

Deno.test({
  name:
    "(root only) another user's recipient directory is refused, and senders skip a wake directory they cannot trust",
  ignore: !IS_ROOT,
  fn: async () => {
    await withDir(async (root) => {
      Deno.mkdirSync(root, { mode: 0o700 });
      Deno.mkdirSync(join(root, "mallory"), { mode: 0o700 });
      Deno.chownSync(join(root, "mallory"), 4242, 4242);
      assertThrows(() => subscribeWake(root, "mallory"), UnsafeBusPathError, "belongs to uid 4242");
      const reader = subscribeWake(root, "alice");
      try {
        // The wake directory handed to another user: a sender no longer pokes anything in it.
        Deno.chownSync(root, 4242, 4242);
        await wakeRecipients(root, ["alice"]);
        assertEquals(await reader.next(100), false);
        Deno.chownSync(root, 0, 0);
        await wakeRecipients(root, ["alice"]);
        assertEquals(await reader.next(2000), true);
      } finally {
        reader.close();
      }
    });
  },
});

Deno.test("a broken wake directory after COMMIT never fails the send: the message is stored once", async () => {
  const home = await tempHome();
  try {
    const bus = await openBus(home.env);
    try {
      const sockets = join(home.ccDmHome, "sockets");
      await bus.insertMessage({
        from: "a",
        fromRole: "",
        fromProject: "",
        to: "rx",
        recipients: ["rx"],
        content: "first",
        priority: "normal",
        messageType: "chat",
        threadId: null,
        inReplyTo: null,
        meta: {},
      });
      // The wake directory replaced by a file.
      Deno.writeTextFileSync(sockets, "not a directory");
      const receipt = await sendDm(bus, { name: "cli:me", role: "", project: "" }, {
        to: "rx",
        content: "second",
        queueForUnknown: true,
      });
      assertEquals(receipt.message.content, "second");
      assertEquals((await bus.history({ limit: 10 })).map((m) => m.content), ["first", "second"]);
    } finally {
      await bus.close();
    }
  } finally {
    await home.cleanup();
  }
});

Deno.test("an old wake file (cc-dm 2.0's inotify design) makes way for the socket directory without a note", async () => {
  await withDir(async (root) => {
    Deno.mkdirSync(root, { mode: 0o700 });
    Deno.writeTextFileSync(join(root, "alice"), "*");
    Deno.writeTextFileSync(join(root, ".traffic"), "*");
    const notes: string[] = [];
    const reader = subscribeWake(root, "alice", (t) => notes.push(t));
    try {
      assert(Deno.lstatSync(join(root, "alice")).isDirectory);
      assert(Deno.lstatSync(join(root, ".traffic")).isDirectory);
      assertEquals(notes, []);
      await wakeRecipients(root, ["alice"]);
      assertEquals(await reader.next(2000), true);
    } finally {
      reader.close();
    }
  });
});

Deno.test("wake 'after': the store resolves before its wake-up goes out, and close() still sends it", async () => {
  const home = await tempHome();
  const reader = await openBus(home.env);
  const wake = await reader.subscribe("rx");
  // A sender process that stores one message for rx, then exits at once (Deno.exit: nothing
  // pending runs), with or without closing its bus first.
  const send = async (wakeMode: string, close: boolean) => {
    const bus = new URL("../lib/bus/open_bus.ts", import.meta.url).href;
    const code = `import { openBus } from ${JSON.stringify(bus)};
      const bus = await openBus(Deno.env.toObject());
      await bus.insertMessage({ from: "tx", fromRole: "", fromProject: "", to: "rx", recipients: ["rx"],
        content: ${JSON.stringify(wakeMode)}, priority: "normal", messageType: "chat", threadId: null,
        inReplyTo: null, meta: {} }, { wake: ${JSON.stringify(wakeMode)} });
      ${close ? "await bus.close();" : ""}
      Deno.exit(0);`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      env: home.env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
  };
  try {
    assertEquals(await wake.next(20), false, "nothing woke it yet");
    await send("before", false);
    assertEquals(await wake.next(10_000), true, "the default wakes before the store resolves");
    await send("after", false);
    // Its wake-up was still pending when the store resolved, so it died with the process; the
    // message is stored all the same (the reader's safety poll finds it).
    assertEquals(await wake.next(500), false, "'after' resolved before waking anyone");
    assertEquals((await reader.history({ limit: 10 })).map((m) => m.content), ["before", "after"]);
    await send("after", true);
    assertEquals(await wake.next(10_000), true, "close() sent the pending wake-up");
  } finally {
    await wake.close();
    await reader.close();
    await home.cleanup();
  }
});
