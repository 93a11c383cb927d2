// Claims one recipient's mail until none is left, printing the claimed message ids as JSON.
// Run as a separate process so two of them truly race on the same bus file.
import { openBus } from "../../lib/bus/open_bus.ts";

const [recipient, claimer, ...others] = Deno.args;
const env = Deno.env.toObject();
const bus = await openBus(env);
// Start together: announce readiness, then wait for every other racer to be ready too.
const ready = (who: string) => `${env.CC_DM_HOME}/ready-${who}`;
Deno.writeTextFileSync(ready(claimer), "");
const exists = (path: string) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
};
while (!others.every((o) => exists(ready(o)))) {
  await new Promise((r) => setTimeout(r, 2));
}
const ids: number[] = [];
let empty = 0;
while (empty < 20) {
  const batch = await bus.claimDeliveries(recipient, claimer, 30_000, 3);
  if (batch.length === 0) {
    empty++;
    await new Promise((r) => setTimeout(r, 5));
    continue;
  }
  empty = 0;
  ids.push(...batch.map((d) => d.message.id));
  await bus.ackDeliveries(batch.map((d) => d.deliveryId), claimer);
}
await bus.close();
Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(ids)));
