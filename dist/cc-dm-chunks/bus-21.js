import {
  grantSql,
  quoteIdent,
  revokeSql
} from "./chunk-57.js";
import {
  PostgresEngine
} from "./chunk-42.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import {
  BusError,
  isBusError
} from "./chunk-44.js";
import "./chunk-45.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/bus.ts
import { parseArgs } from "node:util";
var usage = `cc-dm bus: a PostgreSQL bus for a team (several machines and people)

Usage: cc-dm bus init [URL]
       cc-dm bus grant ROLE [URL] [--apply]
       cc-dm bus revoke ROLE [URL] [--apply]

  init     create the cc_dm schema in the database (or upgrade it), as the URL's user, who
           owns it; prints the SQL that makes a member. Run it again after upgrading cc-dm.
  grant    print the SQL that lets PostgreSQL role ROLE use the bus (with --apply: run it as
           the URL's user, the owner). Each person connects as their own role: the server
           records it as the sender (from_user) and shows each member only their own mail.
  revoke   print (or --apply) the SQL that takes ROLE's rights away again.

URL is the owner's connection (postgres://owner@host:5432/db); default CC_DM_BUS_URL. The
password comes from the URL, PGPASSWORD or ~/.pgpass and is never printed. The owner bypasses
row-level security: do not use the owner's role as a member.

Options:
  --apply      run the grant or revoke instead of printing it
  -h, --help   this help

Examples:
  cc-dm bus init postgres://ccdm_owner@db.example.com/team
  cc-dm bus grant alice postgres://ccdm_owner@db.example.com/team --apply
  CC_DM_BUS_URL=postgres://alice@db.example.com/team cc-dm who

${EXIT_CODES}
`;
async function run(argv, io) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      apply: {
        type: "boolean"
      },
      help: {
        type: "boolean",
        short: "h"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const [action, ...rest] = positionals;
  if (action === "init") {
    if (rest.length > 1) {
      throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])}`, "cc-dm bus --help");
    }
    if (values.apply) {
      throw new UsageError("--apply goes with grant or revoke", "cc-dm bus grant ROLE --apply");
    }
    const engine = engineOf(rest[0], io);
    const { from, to, user } = await engine.init().catch((err) => {
      if (!isBusError(err, "denied")) throw err;
      throw new BusError("denied", err.message, `Run \`cc-dm bus init\` as the database's owner (a role with CREATE on database ${JSON.stringify(engine.target.database)}), not as a member.`);
    });
    const what = from === to ? "already at" : from === 0 ? "created at" : `upgraded from version ${from} to`;
    io.stderr(`Schema cc_dm in ${engine.location}: ${what} version ${to} (owner ${user}).
`);
    io.stdout([
      `-- Make a member (as the owner; or: cc-dm bus grant ROLE ${engine.location} --apply):`,
      `-- CREATE ROLE member LOGIN PASSWORD '...';   -- a role of their own, if they have none`,
      grantSql("member", engine.target.database),
      `-- The member then uses CC_DM_BUS_URL=postgres://member@${engine.target.host}:${engine.target.port}/${encodeURIComponent(engine.target.database)}`,
      `-- (password in ~/.pgpass) and runs: cc-dm setup --bus "$CC_DM_BUS_URL"`,
      ""
    ].join("\n"));
    return EXIT.ok;
  }
  if (action === "grant" || action === "revoke") {
    const [role, url, extra] = rest;
    if (!role) {
      throw new UsageError(`cc-dm bus ${action}: missing the role name`, `cc-dm bus ${action} alice`);
    }
    if (extra !== void 0) {
      throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`, "cc-dm bus --help");
    }
    if (!/^[^\0]{1,63}$/.test(role)) {
      throw new UsageError(`Invalid role name ${JSON.stringify(role)}: PostgreSQL role names are 1-63 characters`, `cc-dm bus ${action} alice`);
    }
    const engine = engineOf(url, io);
    const text = action === "grant" ? grantSql(role, engine.target.database) : revokeSql(role);
    if (values.apply) {
      await engine.apply(text);
      io.stderr(`${action === "grant" ? "Granted" : "Revoked"} ${quoteIdent(role)} ${action === "grant" ? "the use of" : "from"} the bus at ${engine.location}.
`);
    } else {
      io.stdout(text + "\n");
    }
    return EXIT.ok;
  }
  throw new UsageError(action === void 0 ? "cc-dm bus: missing what to do (init, grant, revoke)" : `unknown bus action ${JSON.stringify(action)}: expected init, grant or revoke`, "cc-dm bus init postgres://owner@host/db");
}
function engineOf(url, io) {
  const chosen = url ?? io.env.CC_DM_BUS_URL?.trim();
  if (!chosen) {
    throw new UsageError("cc-dm bus: no PostgreSQL URL (give one, or set CC_DM_BUS_URL)", "cc-dm bus init postgres://owner@host:5432/db");
  }
  if (!/^postgres(ql)?:\/\//i.test(chosen)) {
    throw new UsageError(`cc-dm bus: ${JSON.stringify(chosen.replace(/\/\/[^/@]*@/, "//***@"))} is not a PostgreSQL URL`, "cc-dm bus init postgres://owner@host:5432/db");
  }
  return new PostgresEngine(chosen, io.env);
}
export {
  run,
  usage
};
