#!/bin/sh
# Fill Formula/cc-dm.rb with a release's version and SHA-256 sums. Each `sha256 "..." # <file>`
# line gets the sum of <file> from SHA256SUMS; a file missing from SHA256SUMS is an error.
# Usage: scripts/update_formula.sh VERSION SHA256SUMS [FORMULA]   (FORMULA: Formula/cc-dm.rb)
set -eu
[ $# -ge 2 ] || { echo "Usage: scripts/update_formula.sh VERSION SHA256SUMS [FORMULA]" >&2; exit 2; }
version=${1#v}
sums=$2
formula=${3:-$(dirname -- "$0")/../Formula/cc-dm.rb}

awk -v version="$version" -v sums="$sums" '
  BEGIN {
    while ((getline line < sums) > 0) {
      split(line, f, /[ \t]+\*?/)
      sum[f[2]] = f[1]
    }
  }
  /^  version "/ { sub(/"[^"]*"/, "\"" version "\"") }
  /^ *sha256 "[0-9a-f]*" # cc-dm-/ {
    file = $NF
    if (!(file in sum)) { print "Error: SHA256SUMS has no line for " file > "/dev/stderr"; failed = 1; exit 1 }
    sub(/"[0-9a-f]*"/, "\"" sum[file] "\"")
  }
  { print }
' "$formula" >"$formula.tmp" || { rm -f "$formula.tmp"; exit 1; }
mv "$formula.tmp" "$formula"
echo "Updated $formula to $version"
