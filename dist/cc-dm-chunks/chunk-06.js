// lib/process_info.ts
var IS_LINUX = Deno.build.os === "linux";
var nodeProcess;
async function loadProcessSupport() {
  if (!IS_LINUX && !nodeProcess) nodeProcess = (await import("node:process")).default;
}
var statBuffer = new Uint8Array(4096);
var decoder = new TextDecoder();
function statFields(pid) {
  let stat;
  try {
    const file = Deno.openSync(`/proc/${pid}/stat`);
    try {
      const n = file.readSync(statBuffer) ?? 0;
      stat = n < statBuffer.length ? decoder.decode(statBuffer.subarray(0, n)) : Deno.readTextFileSync(`/proc/${pid}/stat`);
    } finally {
      file.close();
    }
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
function pidExists(pid) {
  if (IS_LINUX) return statFields(pid) !== null;
  if (!nodeProcess) return true;
  try {
    nodeProcess.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function processStart(pid) {
  return IS_LINUX ? statFields(pid)?.[19] ?? null : null;
}
function currentParentPid() {
  if (IS_LINUX) return Number(statFields("self")?.[1] ?? 0);
  return nodeProcess?.ppid ?? 0;
}
function commandLine(pid) {
  if (IS_LINUX) {
    try {
      const raw = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
      return raw.split("\0").filter((arg, i, all) => arg !== "" || i < all.length - 1);
    } catch {
      return null;
    }
  }
  try {
    const out = new Deno.Command("ps", {
      args: [
        "-o",
        "args=",
        "-p",
        String(pid)
      ],
      stderr: "null"
    }).outputSync();
    const text = new TextDecoder().decode(out.stdout).trim();
    return out.success && text ? text.split(/\s+/) : null;
  } catch {
    return null;
  }
}
function parentOf(pid) {
  if (!IS_LINUX) return null;
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

export {
  loadProcessSupport,
  pidExists,
  processStart,
  currentParentPid,
  commandLine,
  parentOf
};
