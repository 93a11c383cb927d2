// Claims the name given as the argument on the bus the environment points at, says "claimed",
// and exits without leaving or closing: what a killed session leaves behind.
import { openBus } from "../../lib/bus/open_bus.ts";
import { claimOf } from "./bus_contract.ts";

const bus = await openBus(Deno.env.toObject());
await bus.claimSession(claimOf(Deno.args[0]));
Deno.stdout.writeSync(new TextEncoder().encode("claimed\n"));
Deno.exit(0);
