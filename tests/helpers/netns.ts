// Machines for real, on one host: Linux network namespaces joined by veth pairs. Namespace "A"
// holds a bridge with the server's address; every other machine ("b", "c", ...) is its own
// namespace with one veth leg on that bridge, so its traffic to A crosses a real link that a
// test can cut (the leg's A side goes down: no carrier, packets dropped, like a pulled cable).
// Each machine also gets its own host name (a UTS namespace per process), so `who` shows where
// a session runs. Needs root and `ip netns`; `netnsAvailable()` says whether the tests can run.
//
// Names are unique per run (`ccdm-<pid>-<random>-<machine>`) and every address lives inside the
// lab's own namespaces, so parallel runs never clash; namespaces left by a crashed run are
// removed by the next one (their pid is gone and no process is inside).

/** The subnet of the lab's link; private to the lab's namespaces (never seen by the host). */
export const LAB_SUBNET = "10.77.0";
/** Namespace A's address (the server's). */
export const SERVER_ADDRESS = `${LAB_SUBNET}.1`;

/** One machine: a network namespace and the host name its processes see. */
export interface Machine {
  /** "a", "b", "c", ... */
  id: string;
  /** The network namespace's name (unique to this run). */
  ns: string;
  /** Its address on the lab link. */
  address: string;
  /** The host name its processes see (`Deno.hostname()`). */
  hostname: string;
  /** argv prefix that runs a program on this machine: `[...prefix, program, ...args]`. */
  prefix: string[];
}

/** A running lab: machine A (the server's) and the others, joined by one bridge. */
export interface NetLab {
  a: Machine;
  machines: Record<string, Machine>;
  /** Take machine `id`'s link down (its leg on A's bridge): packets to and from it are dropped. */
  cut(id: string): Promise<void>;
  /** Bring it back up. */
  restore(id: string): Promise<void>;
  /** Kill what still runs inside and delete every namespace of the lab. Safe to call twice. */
  cleanup(): Promise<void>;
}

const PREFIX = "ccdm-";

/** Run a command to completion; throws with its stderr when it fails. */
export async function run(
  cmd: string,
  args: string[],
  options: { allowFail?: boolean } = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", stdin: "null" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success && !options.allowFail) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${out.code}): ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

let available: Promise<string | null> | undefined;

/**
 * Null when namespaces work here (root, `ip netns` usable), else why not, for the test's
 * ignore reason. Tried once per process with a throwaway namespace.
 */
export function netnsUnavailable(): Promise<string | null> {
  available ??= (async () => {
    if (Deno.build.os !== "linux") return "network namespaces are Linux only";
    if (Deno.uid() !== 0) return "network namespaces need root";
    const probe = `${PREFIX}${Deno.pid}-probe-${crypto.randomUUID().slice(0, 6)}`;
    try {
      await run("ip", ["netns", "add", probe]);
      await run("ip", ["netns", "del", probe]);
      return null;
    } catch (err) {
      return `ip netns does not work here: ${err instanceof Error ? err.message.trim() : err}`;
    }
  })();
  return available;
}

/** Synchronous guess for `Deno.test({ ignore })`: root on Linux with `ip` installed. */
export function netnsLikely(): boolean {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  return ["/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip"].some((path) => {
    try {
      return Deno.statSync(path).isFile;
    } catch {
      return false;
    }
  });
}

function pidAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch (err) {
    return !(err instanceof Deno.errors.NotFound);
  }
}

/** Delete namespaces of earlier runs whose process is gone, ending what they left running inside. */
async function removeStale(): Promise<void> {
  const listing = await run("ip", ["netns", "list"], { allowFail: true });
  for (const line of listing.split("\n")) {
    const ns = line.split(" ")[0];
    const match = ns?.match(/^ccdm-(\d+)-/);
    if (!match || Number(match[1]) === Deno.pid || pidAlive(Number(match[1]))) continue;
    // Its creator is gone, so whatever still runs inside (a server it started) is an orphan of ours.
    for (
      const pid of (await run("ip", ["netns", "pids", ns], { allowFail: true })).split(/\s+/).filter(Boolean)
    ) {
      try {
        Deno.kill(Number(pid), "SIGKILL");
      } catch { /* gone */ }
    }
    await run("ip", ["netns", "del", ns], { allowFail: true });
  }
}

const labs = new Set<NetLab>();
globalThis.addEventListener("unload", () => {
  // Last resort for a test that forgot its cleanup: no awaiting here, so synchronous kills.
  for (const lab of labs) for (const m of [lab.a, ...Object.values(lab.machines)]) deleteNamespaceSync(m.ns);
});

function deleteNamespaceSync(ns: string): void {
  try {
    const pids = new TextDecoder().decode(
      new Deno.Command("ip", { args: ["netns", "pids", ns], stdout: "piped", stderr: "null" }).outputSync()
        .stdout,
    ).split(/\s+/).filter(Boolean);
    for (const pid of pids) {
      try {
        Deno.kill(Number(pid), "SIGKILL");
      } catch { /* gone */ }
    }
    new Deno.Command("ip", { args: ["netns", "del", ns], stdout: "null", stderr: "null" }).outputSync();
  } catch { /* best effort */ }
}

/**
 * Start a lab: namespace A with the bridge and SERVER_ADDRESS, and one namespace per id in
 * `others` (default b and c), each at `LAB_SUBNET.<2, 3, ...>`.
 */
export async function startLab(others: string[] = ["b", "c"]): Promise<NetLab> {
  const why = await netnsUnavailable();
  if (why) throw new Error(why);
  await removeStale();
  const run_ = `${PREFIX}${Deno.pid}-${crypto.randomUUID().slice(0, 6)}`;
  const machine = (id: string, host: number): Machine => {
    const ns = `${run_}-${id}`;
    const hostname = `machine-${id}`;
    return {
      id,
      ns,
      address: `${LAB_SUBNET}.${host}`,
      hostname,
      // unshare --uts gives the process its own host name; both it and `ip netns exec` exec,
      // so the pid a test gets is the program's own (kill -9 hits it, not a wrapper).
      prefix: [
        "ip",
        "netns",
        "exec",
        ns,
        "unshare",
        "--uts",
        "sh",
        "-c",
        'hostname "$0" && exec "$@"',
        hostname,
      ],
    };
  };
  const a = machine("a", 1);
  const machines: Record<string, Machine> = {};
  others.forEach((id, i) => (machines[id] = machine(id, i + 2)));
  const created: string[] = [];
  const lab: NetLab = {
    a,
    machines,
    cut: async (id) => await run("ip", ["-n", a.ns, "link", "set", leg(id), "down"]).then(() => {}),
    restore: async (id) => await run("ip", ["-n", a.ns, "link", "set", leg(id), "up"]).then(() => {}),
    cleanup: async () => {
      labs.delete(lab);
      for (const ns of created.splice(0).reverse()) {
        const pids = (await run("ip", ["netns", "pids", ns], { allowFail: true })).split(/\s+/).filter(
          Boolean,
        );
        for (const pid of pids) {
          try {
            Deno.kill(Number(pid), "SIGKILL");
          } catch { /* gone already */ }
        }
        await run("ip", ["netns", "del", ns], { allowFail: true });
      }
    },
  };
  labs.add(lab);
  try {
    for (const m of [a, ...Object.values(machines)]) {
      await run("ip", ["netns", "add", m.ns]);
      created.push(m.ns);
      await run("ip", ["-n", m.ns, "link", "set", "lo", "up"]);
    }
    await run("ip", ["-n", a.ns, "link", "add", "br0", "type", "bridge"]);
    await run("ip", ["-n", a.ns, "addr", "add", `${a.address}/24`, "dev", "br0"]);
    await run("ip", ["-n", a.ns, "link", "set", "br0", "up"]);
    for (const m of Object.values(machines)) {
      // Created inside A with the peer straight in the machine's namespace: no name ever
      // appears in the host's namespace, so parallel labs cannot collide.
      await run("ip", [
        "-n",
        a.ns,
        "link",
        "add",
        leg(m.id),
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        m.ns,
      ]);
      await run("ip", ["-n", a.ns, "link", "set", leg(m.id), "master", "br0"]);
      await run("ip", ["-n", a.ns, "link", "set", leg(m.id), "up"]);
      await run("ip", ["-n", m.ns, "addr", "add", `${m.address}/24`, "dev", "eth0"]);
      await run("ip", ["-n", m.ns, "link", "set", "eth0", "up"]);
    }
  } catch (err) {
    await lab.cleanup();
    throw err;
  }
  return lab;
}

/** The name of machine `id`'s leg on A's bridge. */
function leg(id: string): string {
  return `leg-${id}`;
}

/** Whether a TCP connect from `machine` to host:port succeeds within `timeoutMs`. */
export async function canConnect(
  machine: Machine,
  host: string,
  port: number,
  timeoutMs = 2000,
): Promise<boolean> {
  const script = `const c = await Deno.connect({ hostname: ${
    JSON.stringify(host)
  }, port: ${port} }); c.close();`;
  const child = new Deno.Command(machine.prefix[0], {
    args: [...machine.prefix.slice(1), Deno.execPath(), "eval", script],
    stdout: "null",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* ended */ }
  }, timeoutMs);
  const status = await child.status;
  clearTimeout(timer);
  return status.success;
}

/** The warm Deno module cache, for processes started with another HOME (which would move it). */
export function denoDir(): string {
  return Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME") ?? "/root"}/.cache/deno`;
}
