// The floor's receiver: the least a cross-process delivery can cost here (no cc-dm code). It
// listens on a Unix socket; each connection wakes it to claim its rows in one UPDATE and print
// their ids on stdout. Started by bench/floor.ts with: <database> <socket> <name> [wake-only].
// `wake-only` prints a line per wake-up and touches no database: what waking a process and
// reading its line costs by itself, below every design that stores mail.
import { DatabaseSync } from "node:sqlite";

const [file, socket, name, mode] = Deno.args;
const out = (text: string) => Deno.stdout.writeSync(new TextEncoder().encode(text));
let deliver: () => void;
if (mode === "wake-only") {
  let wakes = 0;
  deliver = () => out(`${++wakes}\n`);
} else {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  const claim = db.prepare(
    "UPDATE q SET claimed = 1 WHERE id IN (SELECT id FROM q WHERE recipient = ? AND claimed IS NULL) RETURNING id",
  );
  deliver = () => {
    const rows = claim.all(name) as { id: number }[];
    if (rows.length) out(rows.map((r) => `${r.id}\n`).join(""));
  };
}
try {
  Deno.removeSync(socket); // left by an earlier run's receiver, killed with -9
} catch {
  // None.
}
const listener = Deno.listen({ transport: "unix", path: socket });
out("ready\n");
for await (const conn of listener) {
  conn.close();
  deliver();
}
