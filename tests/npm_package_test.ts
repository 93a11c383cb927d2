import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { pack, packageJson, PINNED_DENO, writePackage } from "../scripts/npm_package.ts";
import { VERSION } from "../lib/version.ts";

// The npm package as a user gets it: packed with `npm pack`, installed with `npm install -g`
// into a clean prefix and HOME, then `cc-dm setup` with the real Claude Code, `doctor`, and a
// `send` to a channel started exactly as the entry setup wrote says. The `deno` dependency
// comes from the npm cache when it is there (CI caches it), else from the registry.

const text = new TextDecoder();

/** How this machine reaches the npm registry (proxy, CA certificates), for npm install only. */
function networkEnv(): Record<string, string> {
  const keys = Object.keys(Deno.env.toObject()).filter((k) =>
    /^(https?_proxy|no_proxy|node_extra_ca_certs|ssl_cert_(file|dir)|npm_config_registry)$/i.test(k)
  );
  return Object.fromEntries(keys.map((k) => [k, Deno.env.get(k)!]));
}
const REPO = new URL("..", import.meta.url).pathname;

async function run(command: string, args: string[], env: Record<string, string>, cwd?: string) {
  const out = await new Deno.Command(command, {
    args,
    env,
    cwd,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("npm package: installs from the packed tarball with its pinned Deno; setup, doctor and send work", async () => {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  try {
    const tarball = await pack(await writePackage(join(t.home, "build", "package")));
    const prefix = join(t.home, "prefix");
    // Only what npm itself needs; the user's npm cache so the deno binary is not fetched again.
    const cache = Deno.env.get("npm_config_cache") ?? join(homedir(), ".npm");
    const install = await run("npm", [
      "install",
      "-g",
      "--prefix",
      prefix,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      tarball,
    ], {
      ...networkEnv(),
      HOME: t.home,
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      npm_config_cache: cache,
    });
    assert.equal(install.code, 0, install.stderr);

    // From here on no Deno and no cc-dm of this machine are reachable: only the package's.
    const tools = join(t.home, "tools");
    await Deno.mkdir(tools);
    await Deno.symlink("/bin/readlink", join(tools, "readlink"));
    await Deno.symlink(claude, join(tools, "claude"));
    const bin = join(prefix, "bin");
    const env: Record<string, string> = {
      HOME: t.home,
      CC_DM_HOME: t.ccDmHome,
      PATH: `${bin}:${tools}`,
      NO_COLOR: "1",
      RUST_BACKTRACE: "0",
      DISABLE_AUTOUPDATER: "1",
      DENO_DIR: join(t.home, "deno-dir"),
    };
    const work = join(t.home, "work");
    await Deno.mkdir(work);
    const ccDm = join(bin, "cc-dm");

    const version = await run(ccDm, ["--version"], env, work);
    assert.equal(version.stdout, `cc-dm ${VERSION}\n`, version.stderr);

    const setup = await run(ccDm, ["setup"], env, work);
    assert.equal(setup.code, 0, setup.stdout + setup.stderr);
    const entry = JSON.parse(await Deno.readTextFile(join(t.home, ".claude.json"))).mcpServers["cc-dm"];
    // The npm bin link, not the versioned package directory: it survives `npm update -g cc-dm`.
    assert.equal(entry.command, ccDm);
    assert.deepEqual(entry.args, ["channel"]);

    const doctor = await run(ccDm, ["doctor", "--json"], env, work);
    const checks = JSON.parse(doctor.stdout).checks as { id: string; message: string }[];
    const self = checks.find((c) => c.id === "cc_dm.version")!.message;
    assert.match(
      self,
      new RegExp(`^cc-dm ${VERSION} \\(launcher ${ccDm}, bundle on Deno \\S+/node_modules/deno/deno\\)$`),
    );
    const runtime = checks.find((c) => c.id === "cc_dm.runtime")!.message;
    assert.match(runtime, new RegExp(`^Deno ${PINNED_DENO.replaceAll(".", "\\.")}, `));

    // npx and a project's local install hoist `deno` next to the package: found there too.
    const local = join(t.home, "local");
    const localInstall = await run("npm", [
      "install",
      "--prefix",
      local,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      tarball,
    ], {
      ...networkEnv(),
      HOME: t.home,
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      npm_config_cache: cache,
    });
    assert.equal(localInstall.code, 0, localInstall.stderr);
    const hoisted = await run(join(local, "node_modules", ".bin", "cc-dm"), ["doctor", "--json"], env, work);
    const hoistedSelf = JSON.parse(hoisted.stdout).checks.find((c: { id: string }) =>
      c.id === "cc_dm.version"
    );
    assert.match(hoistedSelf.message, new RegExp(`bundle on Deno ${local}/node_modules/deno/deno\\)$`));

    const peer = await ChannelPeer.start({
      env,
      name: "bob",
      cwd: work,
      server: { command: entry.command, args: entry.args },
    });
    try {
      await peer.call("who");
      const sent = await run(ccDm, ["send", "bob", "hello from the npm install"], env, work);
      assert.equal(sent.code, 0, sent.stderr);
      const [event] = await peer.waitForEvents(1, 15_000);
      assert.equal(event.content, "hello from the npm install");
    } finally {
      await peer.close();
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("npm package: one version with deno.json, the pinned Deno is CI's, and only the launcher and bundle ship", async () => {
  const pkg = packageJson();
  const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  assert.equal(pkg.version, config.version);
  assert.deepEqual(pkg.bin, { "cc-dm": "bin/cc-dm" });
  assert.deepEqual(pkg.dependencies, { deno: PINNED_DENO });
  const ci = await Deno.readTextFile(join(REPO, ".github", "workflows", "ci.yml"));
  assert.match(ci, new RegExp(`DENO_VERSION: v${PINNED_DENO.replaceAll(".", "\\.")}\\n`));
  assert.deepEqual(pkg.files, ["bin/cc-dm", "dist/cc-dm.js", "dist/cc-dm-chunks", "README.md", "LICENSE"]);
});
