// The floor: one SQLite commit, one socket poke, one claim and one line on stdout, across
// processes, with no cc-dm code in the way. What cc-dm adds is its own cost above this.
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { join } from "node:path";

const RECEIVER = new URL("./floor_receiver.ts", import.meta.url).pathname;
const SENDER = new URL("./floor_sender.ts", import.meta.url).pathname;
const now = () => performance.timeOrigin + performance.now();

interface LineProcess {
  child: Deno.ChildProcess;
  nextLine: () => Promise<{ line: string; at: number }>;
}

interface Receiver extends LineProcess {
  name: string;
  socket: string;
}

/** Spawn a bench script whose stdout is read line by line; returns once it printed "ready". */
async function spawnLines(args: string[], stdin: "piped" | "null"): Promise<LineProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", ...args],
    stdin,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const nextLine = async () => {
    while (!buffer.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`floor: ${args[0]} exited`);
      buffer += value;
    }
    const at = now();
    const newline = buffer.indexOf("\n");
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    return { line, at };
  };
  await nextLine(); // ready
  return { child, nextLine };
}

function openQueue(dir: string): { file: string; db: DatabaseSync; insert: StatementSync } {
  Deno.mkdirSync(dir, { recursive: true });
  const file = join(dir, "floor.db");
  const db = new DatabaseSync(file);
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS q (id INTEGER PRIMARY KEY, recipient TEXT NOT NULL,
    body TEXT NOT NULL, claimed INTEGER);
    CREATE INDEX IF NOT EXISTS q_pending ON q(recipient, id) WHERE claimed IS NULL;`);
  return { file, db, insert: db.prepare("INSERT INTO q (recipient, body) VALUES (?, ?) RETURNING id") };
}

function startReceivers(dir: string, file: string, size: number, wakeOnly = false): Promise<Receiver[]> {
  return Promise.all(Array.from({ length: size }, async (_, i) => {
    const name = `f${i}`;
    const socket = join(dir, `${name}.sock`);
    const args = [RECEIVER, file, socket, name, ...(wakeOnly ? ["wake-only"] : [])];
    return { name, socket, ...await spawnLines(args, "null") };
  }));
}

async function stopAll(processes: LineProcess[]): Promise<void> {
  for (const p of processes) {
    try {
      p.child.kill("SIGKILL");
    } catch {
      // Exited already.
    }
    await p.child.status;
  }
}

const poke = async (socket: string) => (await Deno.connect({ transport: "unix", path: socket })).close();

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
  const { file, db, insert } = openQueue(dir);
  const receivers = await startReceivers(dir, file, size);
  const latencies: number[] = [];
  const broadcast: number[] = [];
  try {
    for (let i = 0; i < samples + 5; i++) {
      const r = receivers[i % size];
      const start = now();
      db.exec("BEGIN IMMEDIATE");
      const { id } = insert.get(r.name, `ping ${i}`) as { id: number };
      db.exec("COMMIT");
      await poke(r.socket);
      const { line, at } = await r.nextLine();
      if (Number(line) !== id) throw new Error(`floor: got ${line}, sent ${id}`);
      if (i >= 5) latencies.push(at - start);
    }
    for (let round = 0; round < broadcastRounds; round++) {
      const start = now();
      db.exec("BEGIN IMMEDIATE");
      for (const r of receivers) insert.get(r.name, `all ${round}`);
      db.exec("COMMIT");
      await Promise.all(receivers.map((r) => poke(r.socket)));
      const arrivals = await Promise.all(receivers.map(async (r) => (await r.nextLine()).at));
      broadcast.push(Math.max(...arrivals) - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await stopAll(receivers);
    db.close();
  }
  return { latencies: latencies.sort((a, b) => a - b), broadcast: broadcast.sort((a, b) => a - b) };
}

/**
 * Below every design that stores mail: poke `size` processes at once and wait for a line from
 * each (no database at all). Sorted times to the last line, in ms.
 */
export async function floorWakeBroadcast(dir: string, size: number, rounds: number): Promise<number[]> {
  Deno.mkdirSync(dir, { recursive: true });
  const receivers = await startReceivers(dir, "", size, true);
  const times: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const start = now();
      await Promise.all(receivers.map((r) => poke(r.socket)));
      const arrivals = await Promise.all(receivers.map(async (r) => (await r.nextLine()).at));
      times.push(Math.max(...arrivals) - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await stopAll(receivers);
  }
  return times.sort((a, b) => a - b);
}

/**
 * `senders` floor sender processes, each sent one request at a time as fast as it answers
 * (as a session's tool calls), round robin over `receivers` floor receivers: messages per
 * second until the last line, and the sorted latencies (request -> receiver's line) in ms.
 */
export async function floorThroughput(
  dir: string,
  senderCount: number,
  receiverCount: number,
  perSender: number,
): Promise<{ rate: number; latencies: number[] }> {
  const { file, db } = openQueue(dir);
  db.close();
  const receivers = await startReceivers(dir, file, receiverCount);
  const senders = await Promise.all(
    Array.from({ length: senderCount }, async () => {
      const p = await spawnLines([SENDER, file, dir], "piped");
      return { ...p, writer: p.child.stdin.getWriter() };
    }),
  );
  const sentAt = new Map<number, number>();
  const arrivedAt: number[] = [];
  const total = senderCount * perSender;
  const counts = receivers.map(() => 0);
  for (let s = 0; s < senderCount; s++) {
    for (let k = 0; k < perSender; k++) counts[(s + k) % receiverCount]++;
  }
  const encoder = new TextEncoder();
  try {
    const started = now();
    const reading = receivers.map(async (r, i) => {
      for (let n = 0; n < counts[i];) {
        const { line, at } = await r.nextLine();
        arrivedAt[Number(line)] = at;
        n++;
      }
    });
    await Promise.all(senders.map(async (sender, s) => {
      for (let k = 0; k < perSender; k++) {
        const sent = now();
        await sender.writer.write(encoder.encode(`${receivers[(s + k) % receiverCount].name}\n`));
        sentAt.set(Number((await sender.nextLine()).line), sent);
      }
    }));
    await Promise.all(reading);
    const end = Math.max(...arrivedAt.filter((t) => t !== undefined));
    const latencies = [...sentAt].map(([id, sent]) => arrivedAt[id] - sent).sort((a, b) => a - b);
    if (latencies.length !== total || latencies.some((l) => !(l >= 0))) {
      throw new Error("floor: a message is missing");
    }
    return { rate: total / ((end - started) / 1000), latencies };
  } finally {
    await Promise.all(senders.map((s) => s.writer.close().catch(() => {})));
    await stopAll([...senders, ...receivers]);
  }
}
