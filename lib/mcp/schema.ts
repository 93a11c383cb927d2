// Tool input schemas: what a tool's arguments may be, as the JSON Schema `tools/list` shows the
// model and as the check `tools/call` runs, from one definition. Written for cc-dm instead of
// zod, whose ~800 KB of code cost ~11 MiB of RSS in every session's process, for the handful
// of shapes the tools take: strings, booleans, integers in a range, enums, string maps and one
// flat object of those per tool.

/** A JSON Schema (draft-07) fragment, as `tools/list` sends it. */
export type JsonSchema = Record<string, unknown>;

/** One argument problem: where (dotted path, "arguments" for the whole) and what. */
export interface Issue {
  path: string;
  message: string;
}

/** The result of checking arguments: the value with the declared keys only, or the problems. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** A schema for one value of type T; `optional` says whether an object may leave it out. */
export class Schema<T, Optional extends boolean = false> {
  readonly #json: JsonSchema;
  readonly #check: (value: unknown, path: string, issues: Issue[]) => T;
  readonly isOptional: Optional;
  readonly description: string | undefined;

  constructor(
    json: JsonSchema,
    check: (value: unknown, path: string, issues: Issue[]) => T,
    optional: Optional,
    description?: string,
  ) {
    this.#json = json;
    this.#check = check;
    this.isOptional = optional;
    this.description = description;
  }

  /** The same schema, which an object may leave out. */
  optional(): Schema<T | undefined, true> {
    return new Schema<T | undefined, true>(this.#json, this.#check, true, this.description);
  }

  /** The same schema with a description for the model. */
  describe(text: string): Schema<T, Optional> {
    return new Schema(this.#json, this.#check, this.isOptional, text);
  }

  /** Its JSON Schema. */
  json(): JsonSchema {
    return this.description === undefined
      ? { ...this.#json }
      : { description: this.description, ...this.#json };
  }

  /** Check `value`: pushes what is wrong onto `issues` (the returned value is then meaningless). */
  checkAt(value: unknown, path: string, issues: Issue[]): T {
    return this.#check(value, path, issues);
  }
}

/** The type a schema checks for. */
export type Infer<S> = S extends Schema<infer T, boolean> ? T : never;

// deno-lint-ignore no-explicit-any
type AnySchema = Schema<any, boolean>;
type Shape = Record<string, AnySchema>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends Schema<unknown, true> ? K : never;
}[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Flatten<T> = { [K in keyof T]: T[K] };

/** What an object schema of `shape` checks for: its required keys, and its optional ones. */
export type ObjectOf<S extends Shape> = Flatten<
  & { [K in RequiredKeys<S>]: Infer<S[K]> }
  & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** Names the JSON type of `value` for a message ("array", "null", "number"...). */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function expected(what: string, value: unknown, path: string, issues: Issue[]): void {
  issues.push({ path, message: `expected ${what}, got ${typeName(value)}` });
}

/** A string. */
export function string(): Schema<string> {
  return new Schema({ type: "string" }, (value, path, issues) => {
    if (typeof value !== "string") expected("a string", value, path, issues);
    return value as string;
  }, false);
}

/** true or false. */
export function boolean(): Schema<boolean> {
  return new Schema({ type: "boolean" }, (value, path, issues) => {
    if (typeof value !== "boolean") expected("true or false", value, path, issues);
    return value as boolean;
  }, false);
}

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number): Schema<number> {
  return new Schema({ type: "integer", minimum: min, maximum: max }, (value, path, issues) => {
    if (typeof value !== "number") {
      expected("a whole number", value, path, issues);
    } else if (!Number.isInteger(value)) {
      issues.push({ path, message: `${value} is not a whole number` });
    } else if (value < min || value > max) {
      issues.push({ path, message: `${value} is out of range: expected ${min} to ${max}` });
    }
    return value as number;
  }, false);
}

/** One of `values` (strings). */
export function oneOf<const V extends readonly string[]>(values: V): Schema<V[number]> {
  return new Schema({ type: "string", enum: [...values] }, (value, path, issues) => {
    if (typeof value !== "string" || !values.includes(value)) {
      issues.push({
        path,
        message: `${typeof value === "string" ? JSON.stringify(value) : typeName(value)} is not one of ${
          values.join(", ")
        }`,
      });
    }
    return value as V[number];
  }, false);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object mapping any string keys to string values. */
export function stringMap(): Schema<Record<string, string>> {
  return new Schema(
    { type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "string" } },
    (value, path, issues) => {
      if (!isPlainObject(value)) {
        expected("an object of strings", value, path, issues);
        return value as Record<string, string>;
      }
      for (const [key, item] of Object.entries(value)) {
        if (typeof item !== "string") expected("a string", item, `${path}.${key}`, issues);
      }
      // The caller's own object: copying would lose a key such as "__proto__" without a word.
      return value as Record<string, string>;
    },
    false,
  );
}

/** The arguments of one tool: an object with these keys (unknown keys are dropped). */
export class ObjectSchema<S extends Shape> {
  readonly shape: S;

  constructor(shape: S) {
    this.shape = shape;
  }

  /** Its JSON Schema (draft-07), as `tools/list` sends it. */
  json(): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(this.shape)) {
      properties[key] = field.json();
      if (!field.isOptional) required.push(key);
    }
    return required.length ? { type: "object", properties, required } : { type: "object", properties };
  }

  /** Check a tool call's arguments. */
  check(value: unknown): Checked<ObjectOf<S>> {
    if (!isPlainObject(value)) {
      return {
        ok: false,
        issues: [{ path: "arguments", message: `expected an object, got ${typeName(value)}` }],
      };
    }
    const issues: Issue[] = [];
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(this.shape)) {
      const given = Object.hasOwn(value, key) ? value[key] : undefined;
      if (given === undefined) {
        if (!field.isOptional) issues.push({ path: key, message: "missing (required)" });
        continue;
      }
      out[key] = field.checkAt(given, key, issues);
    }
    return issues.length ? { ok: false, issues } : { ok: true, value: out as ObjectOf<S> };
  }
}

/** Any tool's argument schema. */
// deno-lint-ignore no-explicit-any
export type AnyObjectSchema = ObjectSchema<any>;

/** The arguments an argument schema checks for. */
export type ArgsOf<S extends AnyObjectSchema> = S extends ObjectSchema<infer T> ? ObjectOf<T> : never;

/** An object schema of `shape`. */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape);
}
