#!/bin/sh
# Build cc-dm's release binaries with `deno compile`, one per platform, then SHA256SUMS.
#
# Usage: scripts/build_release.sh [--no-check] OUT_DIR [TARGET...]   (all targets by default)
#        scripts/build_release.sh --list                            (target and file, one a line)
#
# The release workflow runs this on one Linux machine: deno compile cross-compiles, downloading
# the runtime (denort) for each target from dl.deno.land. The file names are the ones install.sh
# and Formula/cc-dm.rb download: cc-dm-<os>-<arch>[.exe].
set -eu

TARGETS='x86_64-unknown-linux-gnu cc-dm-linux-x64
aarch64-unknown-linux-gnu cc-dm-linux-arm64
x86_64-apple-darwin cc-dm-darwin-x64
aarch64-apple-darwin cc-dm-darwin-arm64
x86_64-pc-windows-msvc cc-dm-windows-x64.exe'

# The permissions of `deno task compile` in deno.json (a test keeps the two equal).
COMPILE_FLAGS=--allow-all

if [ "${1:-}" = --list ]; then
  printf '%s\n' "$TARGETS"
  exit 0
fi
check=1
if [ "${1:-}" = --no-check ]; then
  check=0
  shift
fi
[ $# -ge 1 ] || { echo "Usage: scripts/build_release.sh [--no-check] OUT_DIR [TARGET...]" >&2; exit 2; }
out=$1
shift
wanted=$*

cd "$(dirname -- "$0")/.."
mkdir -p "$out"
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

# Type-check once; every target compiles the same code.
if [ "$check" = 1 ]; then deno check main.ts; fi

built=0
printf '%s\n' "$TARGETS" | {
  while read -r target file; do
    if [ -n "$wanted" ]; then
      case " $wanted " in *" $target "*) ;; *) continue ;; esac
    fi
    echo "deno compile --target $target -> $out/$file"
    # shellcheck disable=SC2086 # COMPILE_FLAGS is a list of flags
    deno compile --quiet $COMPILE_FLAGS --no-check --target "$target" --output "$out/$file" main.ts
    built=$((built + 1))
  done
  [ "$built" -gt 0 ] || { echo "Error: no known target among: $wanted" >&2; exit 2; }
}

sh scripts/checksums.sh "$out"
