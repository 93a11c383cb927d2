import type { Check } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import { selfCommand } from "../self_command.ts";
import { VERSION } from "../version.ts";

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
      run: () => ({
        status: "ok",
        message: `Deno ${Deno.version.deno}, ${Deno.build.os} ${Deno.build.arch}`,
      }),
    },
    {
      id: "cc_dm.bus_path",
      group: "cc_dm",
      run: () => {
        let engine;
        try {
          engine = ctx.engine();
        } catch {
          return null; // a CC_DM_BUS_URL no engine takes: bus.file says so
        }
        const source = ctx.env.CC_DM_BUS_URL?.trim()
          ? "from CC_DM_BUS_URL"
          : ctx.env.CC_DM_HOME?.trim()
          ? "from CC_DM_HOME"
          : "default; set CC_DM_HOME to change";
        return { status: "ok", message: `${engine.location} (${source})` };
      },
    },
  ];
}
