import { dirname } from "node:path";
import type { Check } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import { compareVersions, formatVersion, type Version } from "../claude_code/version.ts";

/** Channels arrived in Claude Code 2.1.80; permission relay in 2.1.81. */
export const CHANNELS_MIN_VERSION: Version = [2, 1, 80];
export const PERMISSION_RELAY_MIN_VERSION: Version = [2, 1, 81];

const INSTALL_HINT = "npm install -g @anthropic-ai/claude-code@latest (or `claude update`)";

/** Claude Code: installed, on PATH, recent enough for channels. */
export function claudeChecks(ctx: DoctorContext): Check[] {
  return [
    {
      id: "claude_code.installed",
      group: "claude_code",
      run: () => {
        const claude = ctx.claude();
        if (!claude) {
          return {
            status: "fail",
            message: "Claude Code is not installed: no `claude` on PATH",
            hint: INSTALL_HINT,
          };
        }
        if (!claude.onPath) {
          return {
            status: "warn",
            message: `found ${claude.path}, but it is not on PATH`,
            hint: `Add ${dirname(claude.path)} to PATH (or run \`claude install\` for the native build).`,
          };
        }
        return { status: "ok", message: claude.path };
      },
    },
    {
      id: "claude_code.version",
      group: "claude_code",
      run: async () => {
        const probe = await ctx.claudeVersion();
        if (probe === null) return null;
        if (!probe.ok) {
          return {
            status: "warn",
            message: `version unknown: ${probe.problem}`,
            hint: "Run `claude --version` yourself to see what is wrong.",
          };
        }
        const version = formatVersion(probe.version);
        if (compareVersions(probe.version, CHANNELS_MIN_VERSION) < 0) {
          return {
            status: "fail",
            message: `${version} is too old: channels need ${formatVersion(CHANNELS_MIN_VERSION)} or later`,
            hint: `claude update (or ${INSTALL_HINT})`,
          };
        }
        if (compareVersions(probe.version, PERMISSION_RELAY_MIN_VERSION) < 0) {
          return {
            status: "warn",
            message: `${version}: channels work, permission relay needs ${
              formatVersion(PERMISSION_RELAY_MIN_VERSION)
            } or later`,
            hint: "claude update",
          };
        }
        return { status: "ok", message: `${version} (channels and permission relay supported)` };
      },
    },
  ];
}
