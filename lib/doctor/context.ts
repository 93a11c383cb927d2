import type { Env } from "../paths.ts";
import {
  type AuthProbe,
  type ClaudeLocation,
  type ClaudeVersionProbe,
  findClaude,
  probeAuthStatus,
  probeClaudeVersion,
} from "../claude_code/claude_cli.ts";
import { type McpConfig, readMcpConfig } from "../claude_code/mcp_config.ts";
import { type ManagedSettings, readManagedSettings } from "../claude_code/managed_settings.ts";
import { objectOf, readJsonFile } from "../claude_code/json_file.ts";
import { userSettingsPath } from "../claude_code/paths.ts";
import type { QueuedMail, SessionRow } from "../bus/bus.ts";
import type { BusEngine } from "../bus/engine.ts";
import { engineFor } from "../bus/engines.ts";
import type { Finding } from "./check.ts";

/** Deadline for each program doctor runs (`claude --version`, `claude auth status`, ...). */
export const PROGRAM_TIMEOUT_MS = 1200;

export interface DoctorOptions {
  env: Env;
  cwd: string;
  now: number;
  /** Deadline for each program doctor runs; default PROGRAM_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * The facts checks share, each gathered once on first use. Checks start together, so the
 * programs behind these (claude --version, claude auth status) run in parallel.
 */
export class DoctorContext {
  readonly env: Env;
  readonly cwd: string;
  readonly now: number;
  readonly timeoutMs: number;
  /** Environment for programs doctor runs: the user's own. */
  readonly childEnv: Record<string, string>;
  #memo = new Map<string, unknown>();

  constructor(options: DoctorOptions) {
    this.env = options.env;
    this.cwd = options.cwd;
    this.now = options.now;
    this.timeoutMs = options.timeoutMs ?? PROGRAM_TIMEOUT_MS;
    this.childEnv = Object.fromEntries(
      Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined),
    );
  }

  #once<T>(key: string, make: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, make());
    return this.#memo.get(key) as T;
  }

  claude(): ClaudeLocation | null {
    return this.#once("claude", () => findClaude(this.env));
  }

  /** null when Claude Code is not installed. */
  claudeVersion(): Promise<ClaudeVersionProbe | null> {
    return this.#once("version", () => {
      const claude = this.claude();
      return claude ? probeClaudeVersion(claude.path, this.childEnv, this.timeoutMs) : Promise.resolve(null);
    });
  }

  /** null when Claude Code is not installed. */
  authStatus(): Promise<AuthProbe | null> {
    return this.#once("auth", () => {
      const claude = this.claude();
      return claude ? probeAuthStatus(claude.path, this.childEnv, this.timeoutMs) : Promise.resolve(null);
    });
  }

  managed(): ManagedSettings {
    return this.#once("managed", () => readManagedSettings(this.env));
  }

  userSettings(): Record<string, unknown> {
    return this.#once("userSettings", () => objectOf(readJsonFile(userSettingsPath(this.env))));
  }

  mcp(): McpConfig {
    return this.#once("mcp", () => readMcpConfig(this.env, this.cwd, this.managed().layers));
  }

  /** The bus engine the environment points at; throws for a CC_DM_BUS_URL no engine takes. */
  engine(): BusEngine {
    return this.#once("engine", () => engineFor(this.env));
  }

  /** The engine's own checks (bus.file, bus.modes, ...); a bus URL no engine takes fails bus.file. */
  engineChecks(): Promise<Finding[]> {
    return this.#once("engineChecks", async () => {
      let engine: BusEngine;
      try {
        engine = this.engine();
      } catch (err) {
        const e = err as Error & { hint?: string };
        return [{ id: "bus.file", status: "fail" as const, message: e.message, hint: e.hint }];
      }
      return await engine.inspect();
    });
  }

  /**
   * Sessions and waiting mail, read through the engine without changing anything; null when
   * there is no bus or it cannot be read as it is (the engine's checks say why).
   */
  busContents(): Promise<{ sessions: SessionRow[]; queued: QueuedMail[] } | null> {
    return this.#once("busContents", async () => {
      try {
        const engine = this.engine();
        if (!(await engine.exists())) return null;
        const bus = await engine.open({ readOnly: true });
        try {
          return { sessions: await bus.sessions(), queued: await bus.queuedMail() };
        } finally {
          await bus.close();
        }
      } catch {
        return null;
      }
    });
  }
}
