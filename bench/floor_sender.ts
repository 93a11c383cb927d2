// The floor's sender: what a tool call that stores one message costs with no cc-dm code. It
// reads one recipient name per line on stdin, inserts a row for it in one transaction, pokes
// that recipient's socket and answers with the row id on stdout, as a channel answers a dm
// tool call. Started by bench/floor.ts with: <database> <socket directory>.
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";

const [file, sockets] = Deno.args;
const db = new DatabaseSync(file);
db.exec("PRAGMA busy_timeout = 5000");
db.exec("PRAGMA synchronous = NORMAL");
const insert = db.prepare("INSERT INTO q (recipient, body) VALUES (?, ?) RETURNING id");
const encoder = new TextEncoder();
Deno.stdout.writeSync(encoder.encode("ready\n"));
let buffer = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  buffer += chunk;
  let newline: number;
  while ((newline = buffer.indexOf("\n")) >= 0) {
    const to = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    db.exec("BEGIN IMMEDIATE");
    const { id } = insert.get(to, "t") as { id: number };
    db.exec("COMMIT");
    try {
      (await Deno.connect({ transport: "unix", path: join(sockets, `${to}.sock`) })).close();
    } catch {
      // The receiver is gone: the bench fails on the missing line.
    }
    Deno.stdout.writeSync(encoder.encode(`${id}\n`));
  }
}
