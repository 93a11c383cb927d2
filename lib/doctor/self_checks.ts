import { DatabaseSync } from "node:sqlite";
import type { Check } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import { selfCommand } from "../self_command.ts";
import { VERSION } from "../version.ts";
import { busFile, ccDmHome } from "../paths.ts";

/** cc-dm itself: version, runtime, the bus path in use. */
export function selfChecks(ctx: DoctorContext): Check[] {
  return [
    {
      id: "cc_dm.version",
      group: "cc_dm",
      run: () => {
        const self = selfCommand();
        const file = self.args[self.args.length - 1];
        const how = self.mode === "source"
          ? `from source, ${file}`
          : self.mode === "bundle"
          ? `bundle ${file} on Deno`
          : self.mode === "launcher"
          ? `launcher ${self.command}, bundle on Deno ${Deno.execPath()}`
          : self.command;
        return { status: "ok", message: `cc-dm ${VERSION} (${how})` };
      },
    },
    {
      id: "cc_dm.runtime",
      group: "cc_dm",
      run: () => {
        const db = new DatabaseSync(":memory:");
        try {
          const sqlite = (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
          return {
            status: "ok",
            message: `Deno ${Deno.version.deno}, SQLite ${sqlite}, ${Deno.build.os} ${Deno.build.arch}`,
          };
        } finally {
          db.close();
        }
      },
    },
    {
      id: "cc_dm.bus_path",
      group: "cc_dm",
      run: () => {
        const source = ctx.env.CC_DM_HOME?.trim() ? "from CC_DM_HOME" : "default; set CC_DM_HOME to change";
        return { status: "ok", message: `${busFile(ccDmHome(ctx.env))} (${source})` };
      },
    },
  ];
}
