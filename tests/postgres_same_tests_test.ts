// The same process tests, once more on the PostgreSQL engine: every tempHome() of the modules
// below gets a fresh PostgreSQL database as its bus (CC_DM_BUS_URL), and their real channels,
// CLI runs and reads go through it unchanged. Names carry a "[postgres]" prefix.
import { useBusEngine } from "./helpers/temp_home.ts";

useBusEngine("postgres");
// deno-lint-ignore no-explicit-any
const register = Deno.test as (...args: any[]) => void;
// deno-lint-ignore no-explicit-any
(Deno as any).test = (first: unknown, ...rest: unknown[]) => {
  if (typeof first === "string") return register(`[postgres] ${first}`, ...rest);
  if (typeof first === "object" && first !== null && "name" in first) {
    return register({ ...first, name: `[postgres] ${(first as { name: string }).name}` }, ...rest);
  }
  return register(first, ...rest);
};
await import("./channel_basics_test.ts");
await import("./channel_sessions_test.ts");
await import("./cli_send_test.ts");
await import("./cli_who_test.ts");
await import("./permission_relay_test.ts");
await import("./access_rules_test.ts");
await import("./channel_delivery_test.ts");
await import("./cli_tail_test.ts");
await import("./cli_ask_test.ts");
await import("./cli_wait_inbox_test.ts");
await import("./peers_state_test.ts");
