import { CcDmError } from "./errors.ts";

// The bus holds every message of every session, so it is private to its user: each directory
// 0700 and each file 0600, owned by that user, created so and corrected when something loosened
// them. Nothing here follows a symbolic link or blocks on a FIFO: another user (or `sudo
// cc-dm`) who could once write in the directory may have planted one, and a chmod or write
// through it would land on whatever it points at (`wake/rx -> ~/notes.txt`).
//
// Each object is looked at with lstat (type, owner, links) before it is changed. That is free of
// races with other users because directories are checked first, outermost first: once a
// directory is a real one of ours that nobody else may write in, nobody else can swap what is in
// it between the look and the change. (Plain Deno APIs, not node:fs's O_NOFOLLOW: loading the
// node:fs polyfill costs every channel ~5 MB.)

const IS_WINDOWS = Deno.build.os === "windows";

/** What was corrected, for a note on stderr and for `doctor --fix`. */
export type ModeFix = {
  path: string;
  from: number;
  to: number;
  /** Set when the object was replaced rather than chmod-ed: what was there. */
  replaced?: string;
};

/** A file or directory of the bus that cc-dm refuses to use, and why. */
export class UnsafeBusPathError extends CcDmError {
  constructor(readonly path: string, reason: string, hint: string) {
    super(`Refusing to use ${JSON.stringify(path)}: ${reason}`, 1, hint);
    this.name = "UnsafeBusPathError";
  }
}

/** The note a fix gets on stderr. */
export function describeFix(fix: ModeFix): string {
  if (fix.replaced) {
    return `Replaced ${fix.replaced} at ${fix.path} with a private ${
      fix.to === 0o700 ? "directory" : "file"
    }: nothing in the bus directory is followed or shared.`;
  }
  return `Tightened ${fix.path} from ${fix.from.toString(8)} to ${
    fix.to.toString(8)
  }: the bus is private to its user.`;
}

function myUid(): number | null {
  return IS_WINDOWS ? null : Deno.uid();
}

/** Create an empty 0600 file; AlreadyExists for anything there, a link included (O_EXCL). */
function createNew(path: string): void {
  Deno.openSync(path, { createNew: true, write: true, mode: 0o600 }).close();
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

function kindOf(info: { isSymlink?: boolean; isFifo?: boolean | null; isDirectory?: boolean }): string {
  if (info.isSymlink) return "a symbolic link";
  if (info.isFifo) return "a FIFO";
  if (info.isDirectory) return "a directory";
  return "a special file";
}

function foreignOwner(path: string, uid: number, mine: number): UnsafeBusPathError {
  return new UnsafeBusPathError(
    path,
    `it belongs to uid ${uid}, not to you (uid ${mine}): that user could read or plant files in the bus`,
    `Remove it as its owner or with sudo (e.g. \`sudo rm -rf ${path}\`); cc-dm creates it again, private to you.`,
  );
}

/**
 * Create `dir` as 0700 or tighten it; returns the correction made, if any. The top cc-dm
 * directory may be a link the user made (dotfiles elsewhere); a directory inside it (`sub`)
 * may not, and a planted link there is replaced. Throws UnsafeBusPathError when the directory
 * belongs to another user.
 */
export function ensurePrivateDir(dir: string, options: { sub?: boolean } = {}): ModeFix | undefined {
  let replaced: string | undefined;
  if (options.sub) {
    const info = lstatOrNull(dir);
    if (info && !info.isDirectory) {
      // Not a directory (a link, a file): ours to replace, since we own the parent.
      replaced = kindOf(info);
      Deno.removeSync(dir);
    }
  }
  Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (IS_WINDOWS) return undefined;
  // The top directory may be the user's own link; one inside it may not (replaced above).
  const info = options.sub ? Deno.lstatSync(dir) : Deno.statSync(dir);
  if (!info.isDirectory) {
    throw new UnsafeBusPathError(
      dir,
      `it is ${kindOf(info)}, not a directory`,
      `Remove it and run cc-dm again.`,
    );
  }
  const mine = myUid()!;
  if (info.uid !== mine) throw foreignOwner(dir, info.uid ?? -1, mine);
  const current = (info.mode ?? 0) & 0o777;
  if (replaced) return { path: dir, from: current, to: 0o700, replaced };
  if ((current & 0o077) === 0) return undefined;
  Deno.chmodSync(dir, 0o700);
  return { path: dir, from: current, to: 0o700 };
}

/**
 * Create `path` as an empty 0600 file if missing, else tighten its mode. With `replace`
 * (wake files: only their existence matters), a link, FIFO, foreign or hard-linked file is
 * removed and created anew; without it (the database) such a file is refused.
 */
export function ensurePrivateFile(path: string, options: { replace?: boolean } = {}): ModeFix | undefined {
  for (let attempt = 0;; attempt++) {
    try {
      createNew(path);
      return undefined;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists) || attempt > 1) throw err;
    }
    const problem = oddFile(path);
    if (problem === null) return tighten(path, 0o600);
    if (!options.replace) {
      throw new UnsafeBusPathError(
        path,
        `it is ${problem}; cc-dm never follows links or shares files in its directory`,
        `Move it away (\`mv ${path} ${path}.suspect\`) and run cc-dm again; a fresh private file is created.`,
      );
    }
    Deno.removeSync(path);
    try {
      createNew(path);
      return { path, from: 0, to: 0o600, replaced: problem };
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
      // Recreated between remove and create (another cc-dm of ours): look again.
    }
  }
}

/** Why `path` is not a plain private file of ours (null: it is, or it is gone). */
function oddFile(path: string): string | null {
  const info = lstatOrNull(path);
  if (!info) return null;
  if (!info.isFile) return kindOf(info);
  const mine = myUid();
  if (mine !== null && info.uid !== mine) return `a file of uid ${info.uid}`;
  if ((info.nlink ?? 1) > 1) return "a file with other hard links";
  return null;
}

/**
 * Tighten `path` to `mode` if it exists and group or others have any access. Never through a
 * link: a link (or a file of another user) is refused with UnsafeBusPathError.
 */
export function tighten(path: string, mode: number): ModeFix | undefined {
  if (IS_WINDOWS) return undefined;
  const info = lstatOrNull(path);
  if (!info) return undefined;
  if (info.isSymlink) {
    throw new UnsafeBusPathError(
      path,
      "it is a symbolic link; cc-dm never follows links in its directory",
      `Remove the link (\`rm ${path}\`) and run cc-dm again.`,
    );
  }
  const mine = myUid()!;
  if (info.uid !== mine) throw foreignOwner(path, info.uid ?? -1, mine);
  const current = (info.mode ?? 0) & 0o777;
  if ((current & 0o077) === 0) return undefined;
  // Not a link (just seen), in a directory nobody else may write in: chmod by path is safe.
  Deno.chmodSync(path, mode);
  return { path, from: current, to: mode };
}

/**
 * Write one byte to an existing wake file, never through a link, never blocking on a FIFO, and
 * only into a plain file of ours with no other hard link. False when there is no such file
 * (nobody watches, or something odd sits there: the reader's safety poll still finds the mail).
 */
export function writeWakeByte(path: string, byte: Uint8Array): boolean {
  const info = lstatOrNull(path);
  // Missing (nobody ever watched), a link, a FIFO, a directory, another user's file or one with
  // other hard links: not written.
  if (!info || !info.isFile) return false;
  const mine = myUid();
  if (mine !== null && (info.uid !== mine || (info.nlink ?? 1) > 1)) return false;
  try {
    Deno.writeFileSync(path, byte, { create: false });
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Whether `dir` is a real directory (not a link) of ours that nobody else may write in. */
export function isPrivateDir(dir: string): boolean {
  const info = lstatOrNull(dir);
  if (!info || !info.isDirectory) return false;
  if (IS_WINDOWS) return true;
  return info.uid === myUid() && ((info.mode ?? 0) & 0o022) === 0;
}
