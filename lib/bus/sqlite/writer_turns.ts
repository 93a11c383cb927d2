// Writers of one bus take turns through a kernel lock (flock on the bus directory) before they
// ask SQLite for its write lock. SQLite itself has no queue: a writer that finds the lock taken
// sleeps in its busy handler, 1, 2, 5, 10 ms... and retries, so under contention the lock sits
// free while the waiters sleep, and an unlucky one waits 10x the others. flock waiters sleep in
// the kernel and are woken the moment the holder lets go. Measured on 2 cores, 10 sending
// channels: see README (bench, "throughput, 10 senders").
//
// It only orders cc-dm's own writers; SQLite's locks still decide who writes (a writer without
// the turn, such as an older cc-dm, the sqlite3 shell or a PASSIVE checkpoint, is handled by
// SQLite's busy handler as before). A turn is held only around synchronous work (never across
// an await), and the kernel drops it when its process dies, so nothing can wait on a dead one.

/** Exclusive turns among the processes that open the same directory. */
export class WriterTurns {
  #dir: Deno.FsFile | undefined;
  #depth = 0;

  /** Turns on `dir` (the bus directory, already checked private); none if it cannot be opened. */
  constructor(dir: string) {
    try {
      // A read-only descriptor of the directory: nothing is created or written for the lock.
      this.#dir = Deno.openSync(dir, { read: true });
    } catch {
      this.#dir = undefined; // SQLite's busy handler alone, as before
    }
  }

  /** Run `work` in this process's turn (nested calls share the outer turn). */
  run<T>(work: () => T): T {
    const dir = this.#dir;
    if (!dir || this.#depth > 0) return work();
    try {
      dir.lockSync(true);
    } catch {
      return work(); // a file system without flock: SQLite's busy handler alone
    }
    this.#depth++;
    try {
      return work();
    } finally {
      this.#depth--;
      try {
        dir.unlockSync();
      } catch {
        // Closed meanwhile: the kernel released it with the descriptor.
      }
    }
  }

  close(): void {
    try {
      this.#dir?.close();
    } catch {
      // Already closed.
    }
    this.#dir = undefined;
  }
}
