import { join } from "node:path";
import type { WakeSubscription } from "../bus.ts";
import { PollSubscription, WakeLatch } from "../wake_latch.ts";
import {
  describeFix,
  ensurePrivateDir,
  isPrivateDir,
  type ModeFix,
  UnsafeBusPathError,
} from "../../private_files.ts";

// Wake-up by Unix socket: every waiting reader (a channel, `ask`, a waiting hook, `tail`)
// listens on its own socket `<sockets>/<key>/<id>.sock`, and a sender connects to each socket
// of its recipients after COMMIT and hangs up at once; the accept is the wake-up. Measured on
// 2 cores: 0.05 ms p50 from connect to accept across processes, 0.08 ms for the sender. Unlike
// one inotify instance per process (128 per user by default, shared with every other program),
// a listening socket costs one file descriptor, so 500+ sessions per user wake as fast as 10.
//
// Safety (the bus is private to its user, and a send must never hang or fail after COMMIT):
// - every directory is checked with lstat (a real directory of ours nobody else may write in)
//   before it is read; a sender skips one that fails the check; a reader replaces a link or
//   file planted there and refuses another user's directory (private_files.ts);
// - only directory entries that are neither links, files nor directories are connected to;
//   connecting to anything but a listening socket (a FIFO, a dead socket) fails at once, and a
//   listener whose backlog is full refuses without blocking;
// - every error of the wake-up is swallowed: the message is stored, and readers look anyway on
//   their safety poll.
// Where no socket can be had (no Unix sockets, a path over the system's limit), the subscription
// polls instead; an unsafe directory throws, as the file watch did, so callers say so and poll.

/** Key of the directory woken on every send, for `tail` followers; never a session name. */
const TRAFFIC_KEY = ".traffic";
const SOCKET_SUFFIX = ".sock";
/** Unix socket paths are limited to 104 bytes (macOS) or 108 (Linux), with the final NUL. */
const MAX_SOCKET_PATH = 103;
/** Keys longer than this are shortened with a hash, to keep socket paths short. */
const MAX_KEY_LENGTH = 24;
/** A sender gives up waiting for its pokes after this long (they complete in microseconds). */
const POKE_BUDGET_MS = 50;
/** Period of a subscription that has no socket: it reports "look now" this often. */
export const FALLBACK_POLL_MS = 250;

/**
 * Directory name for a recipient (null: all traffic). `:` (in `cli:` names) is not portable in
 * file names; long names are cut and hashed. Two names sharing a key only wake each other.
 */
export function wakeKey(recipient: string | null): string {
  if (recipient === null) return TRAFFIC_KEY;
  const key = recipient.replaceAll(":", "~");
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, MAX_KEY_LENGTH - 9)}-${fnv1a(key)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * Wake every reader of these recipients, and `tail` followers if any. Never throws and never
 * blocks for long: it runs after COMMIT, when nothing may turn a stored message into a failure.
 */
export async function wakeRecipients(root: string, recipients: readonly string[]): Promise<void> {
  try {
    if (!isPrivateDir(root)) return;
    const sockets: string[] = [];
    const keys = new Set(recipients.map(wakeKey));
    keys.add(TRAFFIC_KEY);
    for (const key of keys) listSockets(join(root, key), sockets);
    if (sockets.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(sockets.map(poke)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, POKE_BUDGET_MS))),
    ]);
    clearTimeout(timer);
  } catch {
    // No wake directory, or an unexpected error: readers find the message on their next look.
  }
}

function listSockets(dir: string, into: string[]): void {
  try {
    if (!isPrivateDir(dir)) return;
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith(SOCKET_SUFFIX)) continue;
      if (entry.isSymlink || entry.isFile || entry.isDirectory) continue;
      into.push(join(dir, entry.name));
    }
  } catch {
    // Nobody ever waited for this key (NotFound), or it vanished while listed.
  }
}

async function poke(path: string): Promise<void> {
  try {
    (await Deno.connect({ transport: "unix", path })).close();
  } catch (err) {
    // A refused `.sock` is dead for good: its listener exited without removing it (a live one
    // is renamed into place only after it listens). WouldBlock (a full backlog) means the
    // reader has wake-ups pending already.
    if (err instanceof Deno.errors.ConnectionRefused) {
      try {
        Deno.removeSync(path);
      } catch {
        // Removed by someone else first.
      }
    }
  }
}

/** A wake-up subscription for `recipient` (null: all traffic): a socket, else polling. */
export function subscribeWake(
  root: string,
  recipient: string | null,
  note: (text: string) => void = () => {},
): WakeSubscription {
  const key = wakeKey(recipient);
  const fixes: (ModeFix | undefined)[] = [ensurePrivateDir(root, { sub: true })];
  for (const name of new Set([TRAFFIC_KEY, key])) removeOldWakeFile(join(root, name));
  // The traffic directory always exists, so a sender's look into it is a plain empty listing
  // rather than a NotFound error (errors cost a stack trace each, on every send).
  if (key !== TRAFFIC_KEY) fixes.push(ensurePrivateDir(join(root, TRAFFIC_KEY), { sub: true }));
  fixes.push(ensurePrivateDir(join(root, key), { sub: true }));
  for (const fix of fixes) if (fix) note(describeFix(fix));
  try {
    return new SocketSubscription(join(root, key));
  } catch (err) {
    if (err instanceof UnsafeBusPathError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const detail = `no wake-up socket (${reason}); polling every ${FALLBACK_POLL_MS} ms`;
    note(`cc-dm: ${detail}`);
    return new PollSubscription(detail, FALLBACK_POLL_MS);
  }
}

/**
 * cc-dm 2.0 kept an inotify-watched file where a recipient's socket directory now goes: an
 * empty or one-byte file of ours is removed quietly (anything else is replaced with a note).
 */
function removeOldWakeFile(path: string): void {
  try {
    const info = Deno.lstatSync(path);
    if (!info.isFile || info.size > 1 || (info.nlink ?? 1) > 1) return;
    if (Deno.build.os !== "windows" && info.uid !== Deno.uid()) return;
    Deno.removeSync(path);
  } catch {
    // Not there: nothing to do.
  }
}

class SocketSubscription implements WakeSubscription {
  readonly mode = "socket";
  readonly detail: string;
  #listener: Deno.Listener;
  #path: string;
  #latch = new WakeLatch();

  constructor(dir: string) {
    const id = crypto.randomUUID().slice(0, 8);
    const path = join(dir, id + SOCKET_SUFFIX);
    if (new TextEncoder().encode(path).length > MAX_SOCKET_PATH) {
      throw new Error(`socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes`);
    }
    // Listen under a name senders ignore, then rename into place: a `.sock` that refuses a
    // connection is then always dead, so senders may remove it.
    const temporary = join(dir, id + ".new");
    this.#listener = Deno.listen({ transport: "unix", path: temporary });
    try {
      Deno.renameSync(temporary, path);
    } catch (err) {
      this.#listener.close();
      Deno.removeSync(temporary);
      throw err;
    }
    this.#path = path;
    this.detail = path;
    this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        conn.close();
        this.#latch.wake();
      }
    } catch {
      // The listener closed.
    }
    this.#latch.close();
  }

  next(timeoutMs: number): Promise<boolean> {
    return this.#latch.next(timeoutMs);
  }

  close(): Promise<void> {
    if (this.#latch.closed) return Promise.resolve();
    try {
      this.#listener.close();
    } catch {
      // Already closed.
    }
    try {
      Deno.removeSync(this.#path);
    } catch {
      // A sender found it dead and removed it, or the directory is gone.
    }
    this.#latch.close();
    return Promise.resolve();
  }
}

/**
 * Wake-ups off by choice (CC_DM_WAKE=poll): `next` only waits out its timeout, so the reader
 * polls at its own period.
 */
export function timerSubscription(detail: string): WakeSubscription {
  let cancel: (() => void) | undefined;
  return {
    mode: "poll",
    detail,
    next(timeoutMs: number): Promise<boolean> {
      cancel?.();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          cancel = undefined;
          resolve(false);
        }, timeoutMs);
        cancel = () => {
          clearTimeout(timer);
          cancel = undefined;
          resolve(false);
        };
      });
    },
    close(): Promise<void> {
      cancel?.();
      return Promise.resolve();
    },
  };
}
