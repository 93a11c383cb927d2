import assert from "node:assert/strict";
import { dirname, join } from "node:path";

// install.sh against a fake release served on 127.0.0.1: the fake "binaries" are small shell
// scripts that say which build they are, so the test sees which one was installed and that it runs.

const INSTALL_SH = join(dirname(dirname(new URL(import.meta.url).pathname)), "install.sh");
const ASSETS = [
  "cc-dm-linux-x64",
  "cc-dm-linux-arm64",
  "cc-dm-darwin-x64",
  "cc-dm-darwin-arm64",
  "cc-dm-windows-x64.exe",
];
const text = new TextDecoder();

function fakeBinary(asset: string): string {
  return `#!/bin/sh\nif [ "$1" = --version ]; then echo "cc-dm 9.9.9 (${asset})"; else echo "${asset} ran: $*"; fi\n`;
}

async function sha256(data: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(data));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

interface Release {
  url: string;
  requests: string[];
  /** Replace one file's body as served (the SHA256SUMS keeps the genuine sum). */
  tamper: (asset: string, body: string) => void;
  close: () => Promise<void>;
}

async function serveRelease(): Promise<Release> {
  const files = new Map<string, string>();
  const sums: string[] = [];
  for (const asset of ASSETS) {
    files.set(asset, fakeBinary(asset));
    sums.push(`${await sha256(fakeBinary(asset))}  ${asset}`);
  }
  files.set("SHA256SUMS", sums.join("\n") + "\n");
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const body = files.get(path.replace(/^\/v1\//, ""));
    return body === undefined ? new Response("not found", { status: 404 }) : new Response(body);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    tamper: (asset, body) => files.set(asset, body),
    close: () => server.shutdown(),
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function install(home: string, env: Record<string, string>, stdinOpen = false): Promise<Run> {
  const child = new Deno.Command("/bin/sh", {
    args: [INSTALL_SH],
    cwd: home,
    env: { HOME: home, PATH: "/usr/bin:/bin", CC_DM_SETUP: "0", SHELL: "/bin/zsh", ...env },
    clearEnv: true,
    // Held open (never written) to show the installer does not wait for input when piped.
    stdin: stdinOpen ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 8000);
  try {
    const out = await child.output();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

Deno.test("install.sh: picks the right binary for each OS and CPU, verifies it and installs it", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    const cases: [string, string, string, string][] = [
      ["Linux", "x86_64", "cc-dm-linux-x64", "cc-dm"],
      ["Linux", "aarch64", "cc-dm-linux-arm64", "cc-dm"],
      ["Darwin", "arm64", "cc-dm-darwin-arm64", "cc-dm"],
      ["Darwin", "x86_64", "cc-dm-darwin-x64", "cc-dm"],
      ["linux", "amd64", "cc-dm-linux-x64", "cc-dm"],
      ["MINGW64_NT-10.0-19045", "x86_64", "cc-dm-windows-x64.exe", "cc-dm.exe"],
    ];
    for (const [os, arch, asset, installedName] of cases) {
      const dir = join(home, `${os}-${arch}`, "bin");
      const run = await install(home, {
        CC_DM_DOWNLOAD_URL: release.url,
        CC_DM_OS: os,
        CC_DM_ARCH: arch,
        CC_DM_INSTALL_DIR: dir,
      });
      assert.equal(run.code, 0, `${os}/${arch}: ${run.stderr}`);
      assert.deepEqual(await listDir(dir), [installedName], "only the binary, no temp files");
      const installed = join(dir, installedName);
      assert.equal(await Deno.readTextFile(installed), fakeBinary(asset));
      assert.equal((await Deno.stat(installed)).mode! & 0o777, 0o755);
      assert.match(
        run.stdout,
        new RegExp(`Installed cc-dm 9\\.9\\.9 \\(${asset.replace(".", "\\.")}\\) at ${installed}`),
      );
      assert.ok(release.requests.includes(`/v1/${asset}`));
      // Not on PATH: says how to add it (for the user's zsh) and how to run setup by full path.
      assert.match(run.stdout, new RegExp(`${dir} is not on your PATH`));
      assert.match(run.stdout, /^ {2}echo 'export PATH=".*:\$PATH"' >> ~\/\.zshrc$/m);
      assert.match(run.stdout, new RegExp(`^ {2}${installed} setup$`, "m"));
    }
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("install.sh: a checksum mismatch is refused and leaves the old cc-dm and no temp file", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    const dir = join(home, "bin");
    await Deno.mkdir(dir);
    await Deno.writeTextFile(join(dir, "cc-dm"), "old cc-dm\n");
    release.tamper("cc-dm-linux-x64", "#!/bin/sh\necho evil\n");
    const run = await install(home, {
      CC_DM_DOWNLOAD_URL: release.url,
      CC_DM_OS: "Linux",
      CC_DM_ARCH: "x86_64",
      CC_DM_INSTALL_DIR: dir,
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^Error: checksum mismatch for cc-dm-linux-x64: expected [0-9a-f]{64}, got [0-9a-f]{64}; nothing was installed$/m,
    );
    assert.match(run.stderr, /^Try: /m);
    assert.deepEqual(await listDir(dir), ["cc-dm"]);
    assert.equal(await Deno.readTextFile(join(dir, "cc-dm")), "old cc-dm\n");
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("install.sh: missing files, unknown platforms and Windows on ARM fail clearly with nothing installed", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    const dir = join(home, "bin");
    const base = {
      CC_DM_DOWNLOAD_URL: release.url,
      CC_DM_INSTALL_DIR: dir,
      CC_DM_OS: "Linux",
      CC_DM_ARCH: "x86_64",
    };

    const notFound = await install(home, { ...base, CC_DM_DOWNLOAD_URL: `${release.url}/nope` });
    assert.equal(notFound.code, 1);
    assert.match(
      notFound.stderr,
      /Error: could not download http:\/\/127\.0\.0\.1:\d+\/v1\/nope\/cc-dm-linux-x64/,
    );

    release.tamper("SHA256SUMS", "0000  cc-dm-other\n");
    const unlisted = await install(home, base);
    assert.equal(unlisted.code, 1);
    assert.match(
      unlisted.stderr,
      /SHA256SUMS of this release has no line for cc-dm-linux-x64; nothing was installed/,
    );

    const mips = await install(home, { ...base, CC_DM_ARCH: "mips64" });
    assert.equal(mips.code, 1);
    assert.match(mips.stderr, /^Error: no cc-dm build for the CPU architecture "mips64"$/m);

    const plan9 = await install(home, { ...base, CC_DM_OS: "Plan9" });
    assert.equal(plan9.code, 1);
    assert.match(plan9.stderr, /no cc-dm build for the operating system "Plan9"/);

    const winArm = await install(home, { ...base, CC_DM_OS: "MINGW64_NT-10.0", CC_DM_ARCH: "aarch64" });
    assert.equal(winArm.code, 1);
    assert.match(winArm.stderr, /no Windows arm64 build of cc-dm\nTry: .*CC_DM_ARCH=x64/);

    assert.deepEqual(await listDir(dir), [], "nothing half installed");
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("install.sh: runs cc-dm setup with CC_DM_SETUP=1; piped, it never asks and never blocks", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    const dir = join(home, "bin");
    const base = {
      CC_DM_DOWNLOAD_URL: release.url,
      CC_DM_INSTALL_DIR: dir,
      CC_DM_OS: "Linux",
      CC_DM_ARCH: "aarch64",
    };

    const withSetup = await install(home, { ...base, CC_DM_SETUP: "1" });
    assert.equal(withSetup.code, 0, withSetup.stderr);
    assert.match(withSetup.stdout, /^cc-dm-linux-arm64 ran: setup$/m);

    // As under `curl | sh`: stdin is a pipe that stays open; on PATH, so no PATH advice.
    const piped = await install(home, { ...base, CC_DM_SETUP: "", PATH: `${dir}:/usr/bin:/bin` }, true);
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stdout, /ran: setup|\[Y\/n\]|not on your PATH/);
    assert.match(piped.stdout, /^Next: register cc-dm with Claude Code:\n {2}cc-dm setup$/m);
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("install.sh: works without sha256sum (uses shasum) and without curl (uses wget, where installed)", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    // A PATH holding only the tools a minimal system has: shasum as the hash, wget as the fetch
    // (curl only on systems without wget, such as macOS).
    const tools = join(home, "tools");
    await Deno.mkdir(tools);
    const link = async (tool: string): Promise<boolean> => {
      for (const dir of ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"]) {
        try {
          await Deno.stat(join(dir, tool));
          await Deno.symlink(join(dir, tool), join(tools, tool));
          return true;
        } catch { /* try the next directory */ }
      }
      return false;
    };
    for (
      const tool of ["sh", "uname", "tr", "mkdir", "rm", "mv", "chmod", "awk", "cut", "cat", "shasum", "perl"]
    ) {
      await link(tool);
    }
    if (!(await link("wget"))) assert.ok(await link("curl"));
    const dir = join(home, "bin");
    const run = await install(home, {
      CC_DM_DOWNLOAD_URL: release.url,
      CC_DM_INSTALL_DIR: dir,
      CC_DM_OS: "Darwin",
      CC_DM_ARCH: "arm64",
      PATH: tools,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "cc-dm")), fakeBinary("cc-dm-darwin-arm64"));
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("install.sh: works as `curl ... | sh`, the script itself on stdin", async () => {
  const release = await serveRelease();
  const home = await Deno.makeTempDir({ prefix: "cc-dm-install-" });
  try {
    const dir = join(home, "bin");
    const child = new Deno.Command("/bin/sh", {
      cwd: home,
      env: {
        HOME: home,
        PATH: "/usr/bin:/bin",
        CC_DM_DOWNLOAD_URL: release.url,
        CC_DM_INSTALL_DIR: dir,
        CC_DM_OS: "Linux",
        CC_DM_ARCH: "x86_64",
      },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(await Deno.readFile(INSTALL_SH));
    await writer.close();
    const out = await child.output();
    assert.equal(out.code, 0, text.decode(out.stderr));
    assert.match(text.decode(out.stdout), /^Next: register cc-dm with Claude Code:$/m);
    assert.equal(await Deno.readTextFile(join(dir, "cc-dm")), fakeBinary("cc-dm-linux-x64"));
  } finally {
    await release.close();
    await Deno.remove(home, { recursive: true });
  }
});

// ---- The release that install.sh and the formula download -------------------------------------

const REPO = dirname(INSTALL_SH);

async function sh(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = await new Deno.Command("/bin/sh", {
    args,
    cwd: REPO,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function releaseTargets(): Promise<[string, string][]> {
  const listed = await sh(["scripts/build_release.sh", "--list"]);
  return listed.stdout.trim().split("\n").map((line) => line.split(" ") as [string, string]);
}

Deno.test("release: five deno compile targets, named as install.sh and the formula download them", async () => {
  assert.deepEqual(await releaseTargets(), [
    ["x86_64-unknown-linux-gnu", "cc-dm-linux-x64"],
    ["aarch64-unknown-linux-gnu", "cc-dm-linux-arm64"],
    ["x86_64-apple-darwin", "cc-dm-darwin-x64"],
    ["aarch64-apple-darwin", "cc-dm-darwin-arm64"],
    ["x86_64-pc-windows-msvc", "cc-dm-windows-x64.exe"],
  ]);
  assert.deepEqual((await releaseTargets()).map(([, file]) => file).sort(), [...ASSETS].sort());

  const formula = await Deno.readTextFile(join(REPO, "Formula", "cc-dm.rb"));
  for (const file of ASSETS.filter((a) => !a.endsWith(".exe"))) {
    assert.match(
      formula,
      new RegExp(`url "https://github\\.com/cc-dm/cc-dm/releases/download/v#\\{version\\}/${file}"`),
    );
    assert.match(formula, new RegExp(`sha256 "[0-9a-f]{64}" # ${file}\\n`));
  }
  assert.match(
    formula,
    /test do\n\s+assert_match "cc-dm #\{version\}", shell_output\("#\{bin\}\/cc-dm --version"\)/,
  );

  // Same permissions as `deno task compile`, and the workflow pins the Deno the project uses.
  const build = await Deno.readTextFile(join(REPO, "scripts", "build_release.sh"));
  const flags = /^COMPILE_FLAGS=(.*)$/m.exec(build)?.[1].split(" ");
  const task = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json"))).tasks.compile.split(" ");
  assert.deepEqual(flags, task.filter((w: string) => w.startsWith("--allow") || w.startsWith("-A")));
  const workflow = await Deno.readTextFile(join(REPO, ".github", "workflows", "release.yml"));
  assert.match(workflow, /tags: \["v\*"\]/);
  assert.match(workflow, /DENO_VERSION: v2\.9\.6/);
  assert.match(workflow, /run: sh scripts\/build_release\.sh dist\/release/);
  assert.equal(Deno.version.deno, "2.9.6");
});

Deno.test("release: deno compile gets as far as downloading the runtime, for every target", async () => {
  const out = await Deno.makeTempDir({ prefix: "cc-dm-release-" });
  try {
    // A dead proxy makes the runtime download fail at once, online or not; everything before it ran.
    const runs = await Promise.all((await releaseTargets()).map(async ([target, file]) => {
      const run = await sh(["scripts/build_release.sh", "--no-check", out, target], {
        HTTPS_PROXY: "http://127.0.0.1:9",
        https_proxy: "http://127.0.0.1:9",
        RUST_BACKTRACE: "0",
        DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
      });
      return { target, file, run };
    }));
    for (const { target, file, run } of runs) {
      assert.match(run.stdout, new RegExp(`deno compile --target ${target} -> ${out}/${file}`));
      if (run.code === 0) continue; // runtime already in the Deno cache: it really built
      assert.match(
        run.stderr,
        new RegExp(`dl\\.deno\\.land/release/v2\\.9\\.6/denort-${target}\\.zip`),
        run.stderr,
      );
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("release: checksums.sh writes the SHA256SUMS install.sh accepts; update_formula.sh fills the formula", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-release-" });
  const release = await serveRelease();
  try {
    for (const asset of ASSETS) await Deno.writeTextFile(join(dir, asset), fakeBinary(asset));
    const sums = await sh(["scripts/checksums.sh", dir]);
    assert.equal(sums.code, 0, sums.stderr);
    const written = await Deno.readTextFile(join(dir, "SHA256SUMS"));
    for (const asset of ASSETS) assert.ok(written.includes(`${await sha256(fakeBinary(asset))}  ${asset}\n`));
    release.tamper("SHA256SUMS", written);
    const installed = await install(dir, {
      CC_DM_DOWNLOAD_URL: release.url,
      CC_DM_OS: "Linux",
      CC_DM_ARCH: "x86_64",
      CC_DM_INSTALL_DIR: join(dir, "bin"),
    });
    assert.equal(installed.code, 0, installed.stderr);

    const formula = join(dir, "cc-dm.rb");
    await Deno.copyFile(join(REPO, "Formula", "cc-dm.rb"), formula);
    const filled = await sh(["scripts/update_formula.sh", "v7.8.9", join(dir, "SHA256SUMS"), formula]);
    assert.equal(filled.code, 0, filled.stderr);
    const ruby = await Deno.readTextFile(formula);
    assert.match(ruby, /^ {2}version "7\.8\.9"$/m);
    for (const asset of ASSETS.filter((a) => !a.endsWith(".exe"))) {
      assert.ok(ruby.includes(`sha256 "${await sha256(fakeBinary(asset))}" # ${asset}\n`), asset);
    }

    await Deno.writeTextFile(join(dir, "SHA256SUMS"), written.split("\n").slice(0, 2).join("\n") + "\n");
    const before = await Deno.readTextFile(formula);
    const missing = await sh(["scripts/update_formula.sh", "7.9.0", join(dir, "SHA256SUMS"), formula]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /SHA256SUMS has no line for cc-dm-/);
    assert.equal(await Deno.readTextFile(formula), before, "left as it was");
  } finally {
    await release.close();
    await Deno.remove(dir, { recursive: true });
  }
});
