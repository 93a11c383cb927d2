import type { Env } from "../paths.ts";
import { errorText } from "../errors.ts";
import { StdioTransport } from "../mcp/stdio_transport.ts";
import { currentParentPid, loadProcessSupport } from "../process_info.ts";
import type { ChannelConfig } from "./channel_config.ts";
import { createChannel } from "./create_channel.ts";

/**
 * Run `cc-dm channel` on this process's stdin and stdout until Claude Code goes away: stdin
 * closes, SIGINT, SIGTERM or SIGHUP arrives, or the parent process dies (checked on every
 * housekeeping tick). On the way out the name is released at once and claimed-but-unpushed
 * mail is handed back; nothing else is removed. Only stdio, signals and timers live here.
 */
export async function runStdioChannel(
  options: { config: ChannelConfig; env: Env; cwd: string; log: (text: string) => void },
): Promise<number> {
  const { log } = options;
  await loadProcessSupport();
  // Taken first: if Claude Code dies while we start, a later read would already see init.
  const parentPid = currentParentPid();

  // Signals first: Claude Code may stop us at any moment, even while we register.
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let shuttingDown = false;
  const shutdown = (why: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`cc-dm channel: stopping (${why})`);
    finish(code);
  };
  const onSignal = (signal: Deno.Signal) => () => shutdown(signal, 0);
  const signals: [Deno.Signal, () => void][] = Deno.build.os === "windows"
    ? [["SIGINT", onSignal("SIGINT")]]
    : [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")], ["SIGHUP", onSignal("SIGHUP")]];
  for (const [signal, handler] of signals) Deno.addSignalListener(signal, handler);

  const channel = await createChannel(options);
  // Housekeeping runs on its own timer, not in the delivery loop: a parent that dies before
  // the client ever initialized must still be noticed.
  const housekeeping = setInterval(() => {
    // Orphaned (Claude Code died without closing our stdin): we were re-parented.
    if (currentParentPid() !== parentPid) return shutdown(`parent process ${parentPid} is gone`);
    channel.housekeep().catch((err) => log(`cc-dm channel: housekeeping failed: ${errorText(err)}`));
  }, channel.housekeepingMs);

  const transport = new StdioTransport();
  transport.onclose = () => shutdown("stdin closed");
  if (!shuttingDown) channel.start(transport);

  const code = await finished;
  clearInterval(housekeeping);
  for (const [signal, handler] of signals) Deno.removeSignalListener(signal, handler);
  await channel.close();
  return code;
}
