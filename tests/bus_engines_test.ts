import assert from "node:assert/strict";
import { join } from "node:path";
import { engineFor, safeUrl } from "../lib/bus/engines.ts";
import { CcDmError } from "../lib/errors.ts";

// Which engine a command talks to, and that nothing it prints carries a password.

Deno.test("engineFor: no CC_DM_BUS_URL is the SQLite bus in CC_DM_HOME", () => {
  for (const url of [undefined, "", "  "]) {
    const engine = engineFor({ CC_DM_HOME: "/tmp/x", CC_DM_BUS_URL: url });
    assert.equal(engine.kind, "sqlite");
    assert.equal(engine.location, join("/tmp/x", "bus.db"));
  }
});

Deno.test("engineFor: a postgres URL never shows its password; any other value is refused by name", () => {
  for (const url of ["postgres://ann:s3cret@db.example:5432/ccdm", "postgresql://ann:s3cret@db/ccdm"]) {
    let shown: string;
    try {
      const engine = engineFor({ CC_DM_HOME: "/tmp/x", CC_DM_BUS_URL: url });
      assert.equal(engine.kind, "postgres");
      shown = engine.location;
    } catch (err) {
      assert.ok(err instanceof CcDmError);
      shown = err.message;
    }
    assert.doesNotMatch(shown, /s3cret/);
    assert.match(shown, /ann:\*\*\*@db/);
  }
  assert.throws(
    () => engineFor({ CC_DM_HOME: "/tmp/x", CC_DM_BUS_URL: "mysql://root:pw@h/db" }),
    (err) =>
      err instanceof CcDmError &&
      /CC_DM_BUS_URL "mysql:\/\/root:\*\*\*@h\/db" names no bus engine/.test(err.message),
  );
});

Deno.test("safeUrl: the password goes, the rest stays; text that is not a URL loses its user part", () => {
  assert.equal(safeUrl("postgres://u:p@h:1/d?sslmode=require"), "postgres://u:***@h:1/d?sslmode=require");
  assert.equal(safeUrl("postgres://u@h/d"), "postgres://u@h/d");
  assert.equal(safeUrl("not a url //u:p@h"), "not a url //***@h");
});
