// cc-dm completions: scripts for bash, zsh and fish, completing commands, options and live names.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { MAIN_TS, tempHome } from "./helpers/temp_home.ts";
import { ccIn } from "./cli_run.ts";

Deno.test("completions bash: commands, a command's options and live session names, in a real bash", async () => {
  const t = await tempHome();
  const peer = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const script = await ccIn(t.env, ["completions", "bash"]);
    assert.equal(script.code, 0, script.stderr);
    const file = join(t.home, "cc-dm.bash");
    await Deno.writeTextFile(file, script.stdout);
    // `cc-dm` on PATH, as an installed one would be: the script calls it for names.
    const bin = join(t.home, "bin");
    await Deno.mkdir(bin);
    await Deno.writeTextFile(
      join(bin, "cc-dm"),
      `#!/bin/sh\nexec ${JSON.stringify(Deno.execPath())} run --allow-all --quiet ${
        JSON.stringify(MAIN_TS)
      } "$@"\n`,
      { mode: 0o755 },
    );
    const complete = async (words: string[]) => {
      const probe = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); ` +
        `COMP_CWORD=${words.length - 1}; _cc_dm; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const out = await new Deno.Command("bash", {
        args: ["-c", probe],
        env: { ...t.env, PATH: `${bin}:${t.env.PATH}` },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout).trim().split("\n").filter(Boolean);
    };
    assert.deepEqual(await complete(["cc-dm", "pe"]), ["peek"]);
    assert.deepEqual((await complete(["cc-dm", "w"])).sort(), ["wait", "who"]);
    assert.deepEqual(await complete(["cc-dm", "send", "backend", "hi", "--when"]), ["--when-idle"]);
    assert.deepEqual(await complete(["cc-dm", "wait", "--st"]), ["--state"]);
    assert.deepEqual(await complete(["cc-dm", "send", "b"]), ["backend"], "a live session's name");
    assert.deepEqual(await complete(["cc-dm", "tail", "--session", ""]), ["backend"]);
    assert.deepEqual(await complete(["cc-dm", "who", "x"]), [], "who takes no name");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("completions zsh and fish: every command, its options and the live-name lookup", async () => {
  const t = await tempHome();
  try {
    const zsh = await ccIn(t.env, ["completions", "zsh"]);
    assert.equal(zsh.code, 0);
    assert.match(zsh.stdout, /^#compdef cc-dm\n/);
    assert.match(zsh.stdout, /compadd -- send ask who tail .*completions/);
    assert.match(zsh.stdout, /^ {6}wait\) compadd -- --idle --state --timeout --json --help ;;$/m);
    assert.match(
      zsh.stdout,
      /send\|ask\|wait\|peek\) \(\( CURRENT == 3 \)\) && compadd -- \$\{\(f\)"\$\(cc-dm completions --names/,
    );
    assert.match(zsh.stdout, /compdef _cc_dm cc-dm\n$/);

    const fish = await ccIn(t.env, ["completions", "fish"]);
    assert.equal(fish.code, 0);
    assert.match(fish.stdout, /^complete -c cc-dm -n "__fish_seen_subcommand_from send" -l when-idle$/m);
    assert.match(
      fish.stdout,
      /^complete -c cc-dm -n "__fish_seen_subcommand_from send ask wait peek" -a "\(cc-dm completions --names 2>\/dev\/null\)"$/m,
    );

    const names = await ccIn(t.env, ["completions", "--names"]);
    assert.deepEqual([names.code, names.stdout], [0, ""], "no bus yet: no names, no error");
    const bad = await ccIn(t.env, ["completions", "tcsh"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"tcsh" is not a shell cc-dm completes: use bash, zsh or fish/);
  } finally {
    await t.cleanup();
  }
});
