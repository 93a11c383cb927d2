import { join } from "node:path";
import type { WakeSubscription } from "../bus.ts";
import {
  describeFix,
  ensurePrivateDir,
  ensurePrivateFile,
  isPrivateDir,
  type ModeFix,
  writeWakeByte,
} from "./private_files.ts";

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
  // A wake directory that is a link or that another user can write in is not written at all:
  // the readers' safety poll delivers, and their next start repairs or refuses it.
  if (!isPrivateDir(dir)) return;
  // No file (nobody has ever watched for this recipient) or an odd one: the message waits.
  for (const recipient of recipients) writeWakeByte(fileFor(dir, recipient), ONE_BYTE);
  writeWakeByte(fileFor(dir, null), ONE_BYTE);
}

/** Watch the wake file of `recipient` (null: all traffic). */
export function watchWakeFile(
  dir: string,
  recipient: string | null,
  note: (text: string) => void = () => {},
): WakeSubscription {
  const fixes = [ensurePrivateDir(dir, { sub: true })];
  const path = fileFor(dir, recipient);
  fixes.push(ensurePrivateFile(path, { replace: true }));
  for (const fix of fixes.filter((f): f is ModeFix => f !== undefined)) note(describeFix(fix));
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
