// The tool input schemas (lib/mcp/schema.ts): each check accepts and refuses what it says, with
// the path and the reason, and for every tool of the channel the check and the JSON Schema that
// `tools/list` shows agree: a JSON Schema validator (ajv, the MCP SDK's) judges random arguments
// exactly as the check does.
import assert from "node:assert/strict";
import fc from "fast-check";
// @ts-types="@modelcontextprotocol/sdk/validation/ajv-provider"
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import * as s from "../lib/mcp/schema.ts";
import { ALL_TOOLS } from "../lib/channel/tools/all_tools.ts";

const shape = s.object({
  name: s.string().describe("a name"),
  on: s.boolean().optional(),
  count: s.integer(1, 5).optional(),
  kind: s.oneOf(["a", "b"] as const).optional(),
  meta: s.stringMap().optional(),
});

function problems(value: unknown): string[] {
  const r = shape.check(value);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

Deno.test("schema: a valid object passes with its declared keys only", () => {
  const r = shape.check({ name: "x", on: true, count: 5, kind: "b", meta: { k: "v" }, extra: 1 });
  assert.deepEqual(r, { ok: true, value: { name: "x", on: true, count: 5, kind: "b", meta: { k: "v" } } });
  assert.deepEqual(shape.check({ name: "" }), { ok: true, value: { name: "" } });
  // An optional key given as undefined is absent, not an error.
  assert.deepEqual(shape.check({ name: "x", on: undefined }), { ok: true, value: { name: "x" } });
});

Deno.test("schema: every problem names the argument and the reason", () => {
  assert.deepEqual(problems({}), ["name: missing (required)"]);
  assert.deepEqual(problems({ name: 3 }), ["name: expected a string, got number"]);
  assert.deepEqual(problems({ name: "x", on: "yes" }), ["on: expected true or false, got string"]);
  assert.deepEqual(problems({ name: "x", count: 0 }), ["count: 0 is out of range: expected 1 to 5"]);
  assert.deepEqual(problems({ name: "x", count: 6 }), ["count: 6 is out of range: expected 1 to 5"]);
  assert.deepEqual(problems({ name: "x", count: 1.5 }), ["count: 1.5 is not a whole number"]);
  assert.deepEqual(problems({ name: "x", count: "2" }), ["count: expected a whole number, got string"]);
  assert.deepEqual(problems({ name: "x", kind: "c" }), ['kind: "c" is not one of a, b']);
  assert.deepEqual(problems({ name: "x", kind: null }), ["kind: null is not one of a, b"]);
  assert.deepEqual(problems({ name: "x", meta: [] }), ["meta: expected an object of strings, got array"]);
  assert.deepEqual(problems({ name: "x", meta: { a: "1", b: 2 } }), [
    "meta.b: expected a string, got number",
  ]);
  assert.deepEqual(problems(null), ["arguments: expected an object, got null"]);
  assert.deepEqual(problems([]), ["arguments: expected an object, got array"]);
  // All problems at once, not only the first.
  assert.equal(problems({ on: 1, count: 9 }).length, 3);
});

Deno.test("schema: a map keeps every key the caller sent, __proto__ too", () => {
  const meta = JSON.parse('{"__proto__": "x", "a": "b"}');
  const r = shape.check({ name: "x", meta });
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.value.meta!), ["__proto__", "a"]);
});

Deno.test("schema: the JSON Schema of each kind", () => {
  assert.deepEqual(shape.json(), {
    type: "object",
    properties: {
      name: { type: "string", description: "a name" },
      on: { type: "boolean" },
      count: { type: "integer", minimum: 1, maximum: 5 },
      kind: { type: "string", enum: ["a", "b"] },
      meta: { type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "string" } },
    },
    required: ["name"],
  });
  assert.deepEqual(s.object({ a: s.string().optional() }).json(), {
    type: "object",
    properties: { a: { type: "string" } },
  });
});

Deno.test("schema: the argument types follow the schema", () => {
  const r = shape.check({ name: "x" });
  if (!r.ok) throw new Error("should pass");
  const name: string = r.value.name;
  const count: number | undefined = r.value.count;
  const kind: "a" | "b" | undefined = r.value.kind;
  // @ts-expect-error an optional argument may be undefined
  const on: boolean = r.value.on;
  // @ts-expect-error no such argument
  r.value.other;
  assert.deepEqual([name, count, kind, on], ["x", undefined, undefined, undefined]);
});

/** Random JSON of any kind, and values near each tool's expectations. */
const anyJson = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom("urgent", "low", "chat", "task", "", "x"),
  fc.integer({ min: -2, max: 102 }),
  fc.constantFrom(-1, 0, 1, 100, 101, 0.5, 99.5),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1, max: 101 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), {
    maxKeys: 3,
  }),
);

Deno.test("schema: every tool's check agrees with a JSON Schema validator on its listed schema", () => {
  const ajv = new AjvJsonSchemaValidator();
  for (const tool of ALL_TOOLS) {
    const schema = tool.input.json();
    const validate = ajv.getValidator(schema as Parameters<typeof ajv.getValidator>[0]);
    const keys = Object.keys(schema.properties as Record<string, unknown>);
    const args = fc.oneof(
      {
        arbitrary: fc.dictionary(fc.constantFrom(...keys, "other"), anyJson, { maxKeys: keys.length + 1 }),
        weight: 8,
      },
      { arbitrary: anyJson, weight: 1 },
    );
    fc.assert(
      fc.property(args, (value) => {
        const checked = tool.input.check(value);
        const listed = validate(value);
        assert.equal(
          checked.ok,
          listed.valid,
          `${tool.name} ${JSON.stringify(value)}: check ${
            JSON.stringify(checked)
          }, ajv ${listed.errorMessage}`,
        );
      }),
      { numRuns: 400 },
    );
  }
});
