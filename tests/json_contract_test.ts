// The JSON contract: every `## <command>` section of docs/json.md holds a table
// `field | type | meaning`. For each command with a producer below, the real CLI's --json output
// must use exactly the documented fields (none missing, none undocumented) with the documented
// types. A command that documents its JSON adds a producer here.
import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { ccIn, startIn, withUser } from "./cli_run.ts";

const DOC = new URL("../docs/json.md", import.meta.url);

interface Field {
  path: string;
  /** Allowed JSON kinds: string, integer, number, boolean, null, array, map, object. */
  kinds: Set<string>;
}

/** Parse docs/json.md into command -> documented fields. */
export function parseContract(markdown: string): Map<string, Field[]> {
  const sections = new Map<string, Field[]>();
  let current: Field[] | undefined;
  for (const line of markdown.split("\n")) {
    const heading = line.match(/^## +`?([\w-]+)/);
    if (heading) {
      current = [];
      sections.set(heading[1], current);
      continue;
    }
    if (!current || !line.startsWith("|")) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 3 || cells[0] === "field" || /^-+$/.test(cells[0])) continue;
    current.push({ path: cells[0].replaceAll("`", ""), kinds: typeKinds(cells[1]) });
  }
  return sections;
}

function typeKinds(type: string): Set<string> {
  return new Set(
    type.split(/\s+or\s+/).map((t) => {
      const word = t.trim().split(/\s+/)[0].replaceAll("`", "");
      return word === "array" ? "array" : word;
    }),
  );
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

/** Every key path in `value` with its JSON kind; does not descend into documented maps. */
function flatten(
  value: unknown,
  documented: Map<string, Field>,
  prefix = "",
  out = new Map<string, Set<string>>(),
) {
  if (value === null || typeof value !== "object") return out;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const field = documented.get(path);
    const isMap = field?.kinds.has("map") && kindOf(child) === "object";
    const kind = isMap ? "map" : kindOf(child) === "number" ? "number" : kindOf(child);
    const kinds = out.get(path) ?? new Set<string>();
    kinds.add(kind);
    out.set(path, kinds);
    if (isMap) continue;
    if (Array.isArray(child)) {
      for (const item of child) {
        if (item !== null && typeof item === "object") flatten(item, documented, `${path}[]`, out);
      }
    } else {
      flatten(child, documented, path, out);
    }
  }
  return out;
}

function checkAgainst(command: string, fields: Field[], samples: unknown[]): void {
  const documented = new Map(fields.map((f) => [f.path, f]));
  const seen = new Map<string, Set<string>>();
  for (const sample of samples) {
    for (const [path, kinds] of flatten(sample, documented)) {
      const all = seen.get(path) ?? new Set<string>();
      for (const k of kinds) all.add(k);
      seen.set(path, all);
    }
  }
  // A parent of documented `a[].b` (the array `a` itself) need not be listed.
  const parents = new Set(fields.flatMap((f) => f.path.includes("[]") ? [f.path.split("[]")[0]] : []));
  for (const [path, kinds] of seen) {
    if (parents.has(path)) continue;
    const field = documented.get(path);
    assert.ok(field, `${command}: field "${path}" is printed but not documented in docs/json.md`);
    for (const kind of kinds) {
      const ok = field.kinds.has(kind) || (kind === "integer" && field.kinds.has("number"));
      assert.ok(
        ok,
        `${command}: field "${path}" printed as ${kind}, documented as ${[...field.kinds].join(" or ")}`,
      );
    }
  }
  for (const field of fields) {
    assert.ok(seen.has(field.path), `${command}: documented field "${field.path}" never printed`);
  }
}

const json = (text: string) => JSON.parse(text);
const ndjson = (text: string) => text.trimEnd().split("\n").map((l) => JSON.parse(l));

/** Real --json outputs of each command, from one small bus with live and offline sessions. */
type Producer = (env: Record<string, string>, peer: ChannelPeer) => Promise<unknown[]>;

const PRODUCERS: Record<string, Producer> = {
  send: async (env) => [
    json((await ccIn(env, ["send", "backend", "hi", "--json"])).stdout),
    json((await ccIn(env, ["send", "--broadcast", "all", "--json"])).stdout),
    json((await ccIn(env, ["send", "later", "--queue", "q", "--json"])).stdout),
    json((await ccIn(env, ["send", "backend", "confirmed", "--confirm", "--json"])).stdout),
  ],
  ask: async (env, peer) => {
    const child = startIn(env, ["ask", "backend", "port?", "--json", "--timeout", "20"]);
    let event = peer.events.find((e) => e.content === "port?");
    while (!event) {
      await peer.waitForEvents(peer.events.length + 1);
      event = peer.events.find((e) => e.content === "port?");
    }
    await peer.call("dm", {
      to: event.meta.from_session,
      content: "8080",
      in_reply_to: event.meta.message_id,
    });
    const out = await child.done;
    assert.equal(out.code, 0, out.stderr);
    return [json(out.stdout)];
  },
  who: async (env) => [json((await ccIn(env, ["who", "--all", "--json"])).stdout)],
  inbox: async (env, peer) => {
    await peer.call("dm", { to: "cli:alice", content: "for your inbox", meta: { ticket: "9" } });
    return [json((await ccIn(env, ["inbox", "--json"])).stdout)];
  },
  wait: async (env) => {
    const gone = await ChannelPeer.start({ env, name: "short-lived" });
    await gone.close();
    return [json((await ccIn(env, ["wait", "short-lived", "--state", "offline", "--json"])).stdout)];
  },
  tail: async (env) => ndjson((await ccIn(env, ["tail", "--no-follow", "--json", "-n", "100"])).stdout),
  doctor: async (env) => [
    json((await ccIn(env, ["doctor", "--json"])).stdout),
    json((await ccIn(env, ["doctor", "--json", "--fix"])).stdout),
  ],
};

const contract = parseContract(await Deno.readTextFile(DOC));

Deno.test("json contract: every producer's command has a section in docs/json.md", () => {
  for (const command of Object.keys(PRODUCERS)) {
    assert.ok(contract.get(command)?.length, `docs/json.md has no field table under "## ${command}"`);
  }
});

Deno.test("json contract: the commands print exactly the documented fields and types", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend", role: "worker", project: "web" });
  try {
    // Something for every field: meta, a reply, queued mail, an offline name.
    assert.equal((await ccIn(env, ["send", "backend", "with meta", "--meta", "ticket=7"])).code, 0);
    assert.equal((await backend.call("status", { text: "running the contract test" })).isError, false);
    for (const [command, produce] of Object.entries(PRODUCERS)) {
      const fields = contract.get(command);
      if (!fields) continue; // reported by the test above
      const samples = await produce(env, backend);
      assert.ok(samples.length > 0, `${command}: no output`);
      checkAgainst(command, fields, samples);
    }
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("json contract parser: sections, nested paths and types", () => {
  const parsed = parseContract(`# x
## demo
| field | type | meaning |
|---|---|---|
| \`a\` | integer | x |
| \`b[].c\` | string or null | y |
| \`m\` | map of string | z |
## other
text
`);
  assert.deepEqual([...parsed.keys()], ["demo", "other"]);
  assert.deepEqual(parsed.get("demo")!.map((f) => [f.path, [...f.kinds]]), [
    ["a", ["integer"]],
    ["b[].c", ["string", "null"]],
    ["m", ["map"]],
  ]);
  checkAgainst("demo", parsed.get("demo")!, [{ a: 1, b: [{ c: null }, { c: "x" }], m: { free: "v" } }]);
  assert.throws(
    () => checkAgainst("demo", parsed.get("demo")!, [{ a: 1, b: [], m: {}, extra: true }]),
    /extra/,
  );
  assert.throws(
    () => checkAgainst("demo", parsed.get("demo")!, [{ a: "1", b: [{ c: "x" }], m: {} }]),
    /as string/,
  );
});
