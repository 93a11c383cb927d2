import * as fs from "node:fs";
import { CcDmError } from "../../errors.ts";

// The bus holds every message of every session, so it is private to its user: each directory
// 0700 and each file 0600, owned by that user, created so and corrected when something loosened
// them. Nothing here follows a symbolic link or blocks on a FIFO: another user (or `sudo
// cc-dm`) who could once write in the directory may have planted one, and a chmod or write
// through it would land on whatever it points at (`wake/rx -> ~/notes.txt`). Every object is
// opened without following links, checked through its open descriptor (type, owner, links),
// and only then changed.

const IS_WINDOWS = Deno.build.os === "windows";
const C = fs.constants;
const NO_FOLLOW = IS_WINDOWS ? 0 : C.O_NOFOLLOW;
const NON_BLOCK = IS_WINDOWS ? 0 : C.O_NONBLOCK;

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

function code(err: unknown): string | undefined {
  return (err as { code?: string }).code;
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
  const fd = fs.openSync(dir, C.O_RDONLY | C.O_DIRECTORY | (options.sub ? NO_FOLLOW : 0));
  try {
    const stat = fs.fstatSync(fd);
    const mine = myUid()!;
    if (stat.uid !== mine) throw foreignOwner(dir, stat.uid, mine);
    const current = stat.mode & 0o777;
    if (replaced) return { path: dir, from: current, to: 0o700, replaced };
    if ((current & 0o077) === 0) return undefined;
    fs.fchmodSync(fd, 0o700);
    return { path: dir, from: current, to: 0o700 };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Create `path` as an empty 0600 file if missing, else tighten its mode. With `replace`
 * (wake files: only their existence matters), a link, FIFO, foreign or hard-linked file is
 * removed and created anew; without it (the database) such a file is refused.
 */
export function ensurePrivateFile(path: string, options: { replace?: boolean } = {}): ModeFix | undefined {
  for (let attempt = 0;; attempt++) {
    try {
      // O_EXCL never follows a link: an existing one fails with EEXIST like any file.
      fs.closeSync(fs.openSync(path, C.O_CREAT | C.O_EXCL | C.O_WRONLY | NO_FOLLOW, 0o600));
      return undefined;
    } catch (err) {
      if (code(err) !== "EEXIST" || attempt > 1) throw err;
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
      fs.closeSync(fs.openSync(path, C.O_CREAT | C.O_EXCL | C.O_WRONLY | NO_FOLLOW, 0o600));
      return { path, from: 0, to: 0o600, replaced: problem };
    } catch (err) {
      if (code(err) !== "EEXIST") throw err;
      // Someone recreated it between remove and create: look again.
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
  // Look first, open only to change: closing a descriptor of a database file drops every
  // SQLite lock this process holds on it, so an open bus.db is never opened here needlessly.
  const seen = lstatOrNull(path);
  if (!seen) return undefined;
  if (!seen.isSymlink && seen.uid === myUid() && ((seen.mode ?? 0) & 0o077) === 0) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(path, C.O_RDONLY | NO_FOLLOW | NON_BLOCK);
  } catch (err) {
    if (code(err) === "ENOENT") return undefined;
    if (code(err) === "ELOOP") {
      throw new UnsafeBusPathError(
        path,
        "it is a symbolic link; cc-dm never follows links in its directory",
        `Remove the link (\`rm ${path}\`) and run cc-dm again.`,
      );
    }
    throw err;
  }
  try {
    const stat = fs.fstatSync(fd);
    const mine = myUid()!;
    if (stat.uid !== mine) throw foreignOwner(path, stat.uid, mine);
    const current = stat.mode & 0o777;
    if ((current & 0o077) === 0) return undefined;
    fs.fchmodSync(fd, mode);
    return { path, from: current, to: mode };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Write one byte to an existing wake file, never through a link, never blocking on a FIFO, and
 * only into a plain file of ours with no other hard link. False when there is no such file
 * (nobody watches, or something odd sits there: the reader's safety poll still finds the mail).
 */
export function writeWakeByte(path: string, byte: Uint8Array): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, C.O_WRONLY | NO_FOLLOW | NON_BLOCK);
  } catch (err) {
    // ENOENT: nobody ever watched; ELOOP: a link; ENXIO: a FIFO nobody reads; EISDIR.
    if (["ENOENT", "ELOOP", "ENXIO", "EISDIR"].includes(code(err) ?? "")) return false;
    throw err;
  }
  try {
    const stat = fs.fstatSync(fd);
    const mine = myUid();
    if (!stat.isFile() || (mine !== null && stat.uid !== mine) || stat.nlink > 1) return false;
    fs.writeSync(fd, byte, 0, byte.length, 0);
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `dir` is a real directory (not a link) of ours that nobody else may write in. */
export function isPrivateDir(dir: string): boolean {
  const info = lstatOrNull(dir);
  if (!info || !info.isDirectory) return false;
  if (IS_WINDOWS) return true;
  return info.uid === myUid() && ((info.mode ?? 0) & 0o022) === 0;
}
