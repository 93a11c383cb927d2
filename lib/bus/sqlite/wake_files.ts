import { join } from "node:path";
import type { WakeSubscription } from "../bus.ts";
import { ensurePrivateDir, ensurePrivateFile } from "./private_files.ts";

// Wake-up by file: each reader watches its own file (inotify/kqueue through Deno.watchFs) and
// a sender writes one byte to it after COMMIT. Measured on this machine (shared/DENO_NOTES.md):
// 0.9 ms p50 at 10 readers and ~0.1% idle CPU, versus waking every reader on every commit when
// watching the database itself. Writing after COMMIT means a woken reader always sees the row.

/** Name of the file every send touches, watched by `tail` followers. */
const TRAFFIC_FILE = ".traffic";
const ONE_BYTE = new Uint8Array([0x2a]);

/** File name for a recipient; `:` (in `cli:` names) is not portable in file names. */
function fileFor(dir: string, recipient: string | null): string {
  return join(dir, recipient === null ? TRAFFIC_FILE : recipient.replaceAll(":", "~"));
}

/** Touch the wake files of these recipients (only those that watch) and the traffic file. */
export function wakeRecipients(dir: string, recipients: string[]): void {
  for (const recipient of recipients) {
    try {
      Deno.writeFileSync(fileFor(dir, recipient), ONE_BYTE, { create: false });
    } catch (err) {
      // No file: nobody has ever watched for this recipient; the message waits in the bus.
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  try {
    Deno.writeFileSync(fileFor(dir, null), ONE_BYTE, { create: false });
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/** Watch the wake file of `recipient` (null: all traffic). */
export function watchWakeFile(dir: string, recipient: string | null): WakeSubscription {
  ensurePrivateDir(dir);
  const path = fileFor(dir, recipient);
  ensurePrivateFile(path);
  return new FileWakeSubscription(Deno.watchFs(path, { recursive: false }));
}

class FileWakeSubscription implements WakeSubscription {
  #watcher: Deno.FsWatcher;
  #pending = false;
  #closed = false;
  #waiter: (() => void) | undefined;

  constructor(watcher: Deno.FsWatcher) {
    this.#watcher = watcher;
    this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for await (const _event of this.#watcher) {
        this.#pending = true;
        this.#waiter?.();
      }
    } catch {
      // The watcher closed or the file vanished; readers fall back to their safety poll.
    }
    this.#closed = true;
    this.#waiter?.();
  }

  next(timeoutMs: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    if (this.#closed) {
      return new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
    }
    // A caller that stopped waiting (it raced this against something else) may call again
    // before the timer fires: settle the older wait first so only one waiter is ever armed.
    this.#waiter?.();
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        if (this.#waiter === waiter) this.#waiter = undefined;
        const woke = this.#pending;
        this.#pending = false;
        resolve(woke);
      };
      const timer = setTimeout(waiter, timeoutMs);
      this.#waiter = waiter;
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#watcher.close();
    } catch {
      // Already closed.
    }
    this.#waiter?.();
  }
}
