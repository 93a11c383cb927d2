// The floor: one SQLite commit, one socket poke, one claim and one line on stdout, across
// processes, with no cc-dm code in the way. What cc-dm adds is its own cost above this.
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";

const RECEIVER = new URL("./floor_receiver.ts", import.meta.url).pathname;
const now = () => performance.timeOrigin + performance.now();

/**
 * Sorted latencies (ms) of `samples` sends round robin over `size` floor receivers, and with
 * `broadcastRounds`, the time to the last line of each send to all of them at once.
 */
export async function floorLatency(
  dir: string,
  size: number,
  samples: number,
  broadcastRounds = 0,
): Promise<{ latencies: number[]; broadcast: number[] }> {
  Deno.mkdirSync(dir, { recursive: true });
  const file = join(dir, "floor.db");
  const db = new DatabaseSync(file);
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS q (id INTEGER PRIMARY KEY, recipient TEXT NOT NULL,
    body TEXT NOT NULL, claimed INTEGER);
    CREATE INDEX IF NOT EXISTS q_pending ON q(recipient, id) WHERE claimed IS NULL;`);
  const insert = db.prepare("INSERT INTO q (recipient, body) VALUES (?, ?) RETURNING id");
  const receivers = await Promise.all(Array.from({ length: size }, async (_, i) => {
    const socket = join(dir, `f${i}.sock`);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--quiet", RECEIVER, file, socket, `f${i}`],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const nextLine = async () => {
      while (!buffer.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) throw new Error("floor receiver exited");
        buffer += value;
      }
      const at = now();
      const newline = buffer.indexOf("\n");
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      return { line, at };
    };
    await nextLine(); // ready
    return { name: `f${i}`, socket, child, nextLine };
  }));
  const latencies: number[] = [];
  const broadcast: number[] = [];
  try {
    for (let i = 0; i < samples + 5; i++) {
      const r = receivers[i % size];
      const start = now();
      db.exec("BEGIN IMMEDIATE");
      const { id } = insert.get(r.name, `ping ${i}`) as { id: number };
      db.exec("COMMIT");
      (await Deno.connect({ transport: "unix", path: r.socket })).close();
      const { line, at } = await r.nextLine();
      if (Number(line) !== id) throw new Error(`floor: got ${line}, sent ${id}`);
      if (i >= 5) latencies.push(at - start);
    }
    for (let round = 0; round < broadcastRounds; round++) {
      const start = now();
      db.exec("BEGIN IMMEDIATE");
      for (const r of receivers) insert.get(r.name, `all ${round}`);
      db.exec("COMMIT");
      await Promise.all(
        receivers.map(async (r) => (await Deno.connect({ transport: "unix", path: r.socket })).close()),
      );
      const arrivals = await Promise.all(receivers.map(async (r) => (await r.nextLine()).at));
      broadcast.push(Math.max(...arrivals) - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    for (const r of receivers) {
      r.child.kill("SIGKILL");
      await r.child.status;
    }
    db.close();
  }
  return { latencies: latencies.sort((a, b) => a - b), broadcast: broadcast.sort((a, b) => a - b) };
}
