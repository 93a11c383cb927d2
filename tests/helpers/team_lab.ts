// A team on several machines: a netns lab (tests/helpers/netns.ts), PostgreSQL on machine A, the
// cc-dm schema created by `cc-dm bus init` as its owner, one PostgreSQL role per member granted
// by `cc-dm bus grant --apply`, and on every other machine its own HOME. Channels and CLI runs
// are the real processes, started inside their machine's namespace.
import { join } from "node:path";
import { ChannelPeer, type PeerOptions } from "./channel_peer.ts";
import { cliArgs, type CliResult } from "../cli_run.ts";
import { denoDir, type Machine, type NetLab, startLab } from "./netns.ts";
import { type LabPostgres, startLabPostgres } from "./lab_postgres.ts";

export const OWNER = "ccdm_owner";
export const DATABASE = "team";

/** A running team lab. */
export interface TeamLab {
  lab: NetLab;
  pg: LabPostgres;
  /** Machine `id` ("a" is the server's own: its processes reach the server without the link). */
  machine(id: string): Machine;
  /** The bus URL of `member` (its own role and password). */
  busUrl(member: string, params?: string): string;
  /** Environment of a process on machine `id` as `member`: its own HOME there, the member's bus. */
  env(id: string, member: string): Record<string, string>;
  /** A `cc-dm channel` on machine `id` as `member`, registered as `name`. */
  channel(id: string, member: string, name: string, options?: Partial<PeerOptions>): Promise<ChannelPeer>;
  /** `cc-dm <args>` on machine `id` as `member`. */
  cli(
    id: string,
    member: string,
    args: string[],
    options?: { stdin?: string; extraEnv?: Record<string, string> },
  ): Promise<CliResult>;
  /** Start `cc-dm <args>` on machine `id` as `member` and return the process (stdout, stderr piped). */
  spawnCli(id: string, member: string, args: string[], extraEnv?: Record<string, string>): Deno.ChildProcess;
  cleanup(): Promise<void>;
}

/** Start a lab with machines `machines` (default b, c) and members (default alice, bob). */
export async function startTeamLab(
  options: { machines?: string[]; members?: string[]; tls?: boolean; durable?: boolean } = {},
): Promise<TeamLab> {
  const machines = options.machines ?? ["b", "c"];
  const members = options.members ?? ["alice", "bob"];
  const lab = await startLab(machines);
  const homes: string[] = [];
  const channels: ChannelPeer[] = [];
  let pg: LabPostgres | undefined;
  const cleanup = async () => {
    for (const c of channels) await c.close().catch(() => {});
    await pg?.stop();
    await lab.cleanup();
    for (const home of homes) await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  try {
    pg = await startLabPostgres(lab.a, { tls: options.tls, durable: options.durable });
    await pg.createRole(OWNER);
    await pg.createDatabase(DATABASE, OWNER);
    for (const m of members) await pg.createRole(m);
    const homeOf: Record<string, string> = {};
    for (const id of ["a", ...machines]) {
      const home = await Deno.makeTempDir({ prefix: `cc-dm-machine-${id}-` });
      homes.push(home);
      homeOf[id] = home;
    }
    const params = options.tls ? "sslmode=require" : undefined;
    const busUrl = (member: string, extra?: string) =>
      pg!.url(member, DATABASE, [params, extra].filter(Boolean).join("&") || undefined);
    const env = (id: string, member: string): Record<string, string> => ({
      HOME: homeOf[id],
      CC_DM_HOME: join(homeOf[id], ".cc-dm"),
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      DENO_DIR: denoDir(),
      RUST_BACKTRACE: "0",
      NO_COLOR: "1",
      USER: member,
      CC_DM_BUS_URL: busUrl(member),
    });
    const machine = (id: string) => {
      const m = id === "a" ? lab.a : lab.machines[id];
      if (!m) throw new Error(`no machine ${id} in this lab`);
      return m;
    };
    const spawnCli = (id: string, member: string, args: string[], extraEnv: Record<string, string> = {}) => {
      const m = machine(id);
      return new Deno.Command(m.prefix[0], {
        args: [...m.prefix.slice(1), Deno.execPath(), ...cliArgs(args)],
        env: { ...env(id, member), ...extraEnv },
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    };
    const cli = async (
      id: string,
      member: string,
      args: string[],
      opts: { stdin?: string; extraEnv?: Record<string, string> } = {},
    ): Promise<CliResult> => {
      const child = spawnCli(id, member, args, opts.extraEnv);
      const writer = child.stdin.getWriter();
      if (opts.stdin !== undefined) await writer.write(new TextEncoder().encode(opts.stdin)).catch(() => {});
      await writer.close().catch(() => {});
      const out = await child.output();
      return {
        code: out.code,
        stdout: new TextDecoder().decode(out.stdout),
        stderr: new TextDecoder().decode(out.stderr),
      };
    };
    const team: TeamLab = {
      lab,
      pg,
      machine,
      busUrl,
      env,
      channel: async (id, member, name, extra = {}) => {
        const m = machine(id);
        const peer = await ChannelPeer.start({
          env: env(id, member),
          name,
          launcher: m.prefix[0],
          launcherArgs: m.prefix.slice(1),
          ...extra,
        });
        channels.push(peer);
        return peer;
      },
      cli,
      spawnCli,
      cleanup,
    };
    // The owner creates the schema once, from a member machine, and grants each member.
    const first = machines[0];
    const ownerEnv = { CC_DM_BUS_URL: pg.url(OWNER, DATABASE, params) };
    const init = await cli(first, OWNER, ["bus", "init"], { extraEnv: ownerEnv });
    if (init.code !== 0) throw new Error(`cc-dm bus init failed: ${init.stderr}${await pg.log()}`);
    for (const member of members) {
      const grant = await cli(first, OWNER, ["bus", "grant", member, "--apply"], { extraEnv: ownerEnv });
      if (grant.code !== 0) throw new Error(`cc-dm bus grant ${member} failed: ${grant.stderr}`);
    }
    return team;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
