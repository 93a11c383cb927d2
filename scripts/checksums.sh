#!/bin/sh
# Write DIR/SHA256SUMS for the cc-dm-* release files in DIR, in sha256sum's format
# ("<hex>  <name>"), the file install.sh and the Homebrew formula check downloads against.
# Usage: scripts/checksums.sh DIR
set -eu
[ $# -eq 1 ] || { echo "Usage: scripts/checksums.sh DIR" >&2; exit 2; }
cd "$1"
set -- cc-dm-*
[ -e "$1" ] || { echo "Error: no cc-dm-* files in $(pwd)" >&2; exit 1; }
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum -- "$@" >SHA256SUMS.tmp
else
  shasum -a 256 -- "$@" >SHA256SUMS.tmp
fi
mv SHA256SUMS.tmp SHA256SUMS
cat SHA256SUMS
