import assert from "node:assert/strict";
import { takeGlobalFlags } from "../cmd/global_flags.ts";
import { UsageError } from "../lib/errors.ts";
import { cc } from "./cli_run.ts";
import { tempHome } from "./helpers/temp_home.ts";

Deno.test("--bus is taken out of argv before or after the command, = form too, last one wins", () => {
  assert.deepEqual(takeGlobalFlags(["--bus", "postgres://h/db", "who", "--json"]), {
    argv: ["who", "--json"],
    env: { CC_DM_BUS_URL: "postgres://h/db" },
  });
  assert.deepEqual(
    takeGlobalFlags(["send", "backend", "hi", "--bus=postgres://a/x", "--bus", "postgres://b/y"]),
    {
      argv: ["send", "backend", "hi"],
      env: { CC_DM_BUS_URL: "postgres://b/y" },
    },
  );
  assert.deepEqual(takeGlobalFlags(["who"]), { argv: ["who"], env: {} });
  // An empty value is the local bus, as an empty CC_DM_BUS_URL is.
  assert.deepEqual(takeGlobalFlags(["--bus", "", "who"]).env, { CC_DM_BUS_URL: "" });
});

Deno.test("--bus after -- is message text, not a flag", () => {
  assert.deepEqual(takeGlobalFlags(["send", "backend", "--", "--bus", "x"]), {
    argv: ["send", "backend", "--", "--bus", "x"],
    env: {},
  });
});

Deno.test("--bus without a value is a usage error naming the flag", () => {
  for (const argv of [["who", "--bus"], ["--bus", "--json", "who"]]) {
    assert.throws(() => takeGlobalFlags(argv), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, /--bus needs a value/);
      return true;
    });
  }
});

Deno.test("cc-dm --bus: the flag reaches the engine choice, and the password is never printed", async () => {
  const t = await tempHome();
  try {
    const bad = await cc(t.env, ["who", "--bus", "mysql://alice:s3cret-pw@db.example.com/ccdm"]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /mysql:\/\/alice:\*\*\*@db\.example\.com\/ccdm/);
    assert.doesNotMatch(bad.stderr + bad.stdout, /s3cret-pw/);

    const missing = await cc(t.env, ["--bus"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^Error: option --bus needs a value/);
    assert.match(missing.stderr, /\nTry: /);

    // --bus '' overrides a CC_DM_BUS_URL in the environment: the local bus (none yet: empty).
    const local = await cc({ ...t.env, CC_DM_BUS_URL: "mysql://nowhere/x" }, ["--bus", "", "who", "--json"]);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(JSON.parse(local.stdout).sessions, []);
  } finally {
    await t.cleanup();
  }
});

Deno.test("every command's --help shows the global --bus option, once", async () => {
  const t = await tempHome();
  try {
    for (const args of [["send", "--help"], ["help", "who"], ["setup", "--help"], ["--help"]]) {
      const out = await cc(t.env, args);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(
        out.stdout.split("--bus URL    the bus to use for this command").length,
        2,
        args.join(" "),
      );
    }
  } finally {
    await t.cleanup();
  }
});
