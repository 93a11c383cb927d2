// cmd/flag_error.ts
function isParseArgsError(err) {
  return (err?.code ?? "").startsWith("ERR_PARSE_ARGS");
}
function flagProblem(err, command, argv, usage) {
  const help = `cc-dm ${command} --help`;
  const code = err.code;
  const quoted = err.message.match(/'([^']+)'/)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = quoted.split("=")[0];
    const listed = optionFlags(usage);
    const match = closestFlag(flag, listed.length ? listed : documentedFlags(usage));
    if (!match) return {
      message: `cc-dm ${command} has no option ${flag}`,
      hint: help
    };
    const fixed = argv.map((arg) => arg === flag ? match : arg.startsWith(flag + "=") ? match + arg.slice(flag.length) : arg);
    return {
      message: `cc-dm ${command} has no option ${flag} (did you mean ${match}?)`,
      hint: `cc-dm ${command} ${fixed.map(shellWord).join(" ")}`
    };
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = quoted.split(" ")[0];
    if (/argument missing/.test(err.message)) {
      return {
        message: `option ${flag} needs a value (${quoted})`,
        hint: help
      };
    }
    return {
      message: `option ${flag} takes no value`,
      hint: help
    };
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return {
      message: `cc-dm ${command} takes no argument ${JSON.stringify(quoted)}`,
      hint: help
    };
  }
  return {
    message: err.message,
    hint: help
  };
}
function documentedFlags(usage) {
  const found = usage.match(/(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])/g) ?? [];
  return [
    ...new Set(found)
  ];
}
function optionFlags(usage) {
  const found = [
    ...usage.matchAll(/^ {2,}(?:-[a-zA-Z],\s+)?(--[a-z][a-z0-9-]*)/gm)
  ].map((m) => m[1]);
  return [
    ...new Set(found)
  ];
}
function closestFlag(flag, flags) {
  if (!flag.startsWith("--")) return null;
  const longs = flags.filter((f) => f.startsWith("--"));
  const prefixed = longs.filter((f) => f.startsWith(flag) || flag.startsWith(f));
  if (prefixed.length === 1) return prefixed[0];
  let best = null;
  let bestDistance = 3;
  for (const candidate of longs) {
    const d = editDistance(flag, candidate);
    if (d < bestDistance) [best, bestDistance] = [
      candidate,
      d
    ];
  }
  return best;
}
function editDistance(a, b) {
  const row = Array.from({
    length: b.length + 1
  }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export {
  isParseArgsError,
  flagProblem,
  optionFlags
};
