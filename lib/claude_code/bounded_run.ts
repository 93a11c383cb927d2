// Doctor must answer even when a program it asks hangs (a `claude` waiting on the network, a
// broken wrapper script). Every run here has a deadline; on expiry the whole process group is
// killed, so a shell script's own children cannot keep the output pipe open.

/** How a bounded run ended. */
export type RunOutcome =
  | { kind: "exited"; code: number; stdout: string; stderr: string; ms: number }
  | { kind: "timeout"; ms: number }
  | { kind: "not_found" }
  | { kind: "failed"; reason: string };

export interface BoundedRunOptions {
  timeoutMs: number;
  env?: Record<string, string>;
  cwd?: string;
}

/** Run `command args` with stdin closed; give up after `timeoutMs`. Never throws. */
export async function runBounded(
  command: string,
  args: readonly string[],
  options: BoundedRunOptions,
): Promise<RunOutcome> {
  const started = performance.now();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command, {
      args: [...args],
      env: options.env,
      clearEnv: options.env !== undefined,
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // Its own process group, so a timeout can kill the program and everything it started.
      detached: Deno.build.os !== "windows",
    }).spawn();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { kind: "not_found" };
    return { kind: "failed", reason: err instanceof Error ? err.message : String(err) };
  }
  const done = Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
  });
  try {
    const result = await Promise.race([done, expired]);
    if (result !== "timeout") {
      const [status, stdout, stderr] = result;
      return { kind: "exited", code: status.code, stdout, stderr, ms: performance.now() - started };
    }
    killGroup(child);
    // Killed: the pipes close and the status arrives at once; wait so nothing leaks.
    await done.catch(() => {});
    return { kind: "timeout", ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

function killGroup(child: Deno.ChildProcess): void {
  try {
    if (Deno.build.os === "windows") child.kill("SIGKILL");
    else Deno.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** One line describing an outcome that was not a clean exit, for check messages. */
export function outcomeProblem(what: string, outcome: RunOutcome, timeoutMs: number): string {
  switch (outcome.kind) {
    case "timeout":
      return `${what} did not answer within ${(timeoutMs / 1000).toFixed(1)} s`;
    case "not_found":
      return `${what}: command not found`;
    case "failed":
      return `${what} could not be started: ${outcome.reason}`;
    case "exited": {
      const detail = (outcome.stderr.trim() || outcome.stdout.trim()).split("\n")[0]?.slice(0, 200);
      return `${what} exited with code ${outcome.code}${detail ? `: ${detail}` : ""}`;
    }
  }
}
