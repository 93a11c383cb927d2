#!/bin/sh
# Install cc-dm: curl -fsSL https://raw.githubusercontent.com/cc-dm/cc-dm/main/install.sh | sh
#
# Downloads the release binary for this OS and CPU, checks it against the release's SHA256SUMS,
# and installs it as cc-dm into ~/.local/bin (atomically: a half-downloaded or unverified file
# never takes the place of cc-dm). Then offers `cc-dm setup`, which registers it with Claude Code.
#
# Environment:
#   CC_DM_INSTALL_DIR   where to install (default ~/.local/bin)
#   CC_DM_VERSION       a release such as 2.0.0 (default: the latest)
#   CC_DM_DOWNLOAD_URL  base URL of the release files (default: GitHub releases of CC_DM_REPO)
#   CC_DM_SETUP         1: run `cc-dm setup` afterwards, 0: do not ask (default: ask on a terminal)
#   CC_DM_OS, CC_DM_ARCH  override what uname says (testing, or fetching another platform's build)
#
# The whole script is one function called on the last line, so a download cut short runs nothing.

CC_DM_REPO="cc-dm/cc-dm"

say() {
  printf '%s\n' "$*"
}

fail() {
  printf 'Error: %s\n' "$1" >&2
  if [ -n "${2:-}" ]; then printf 'Try: %s\n' "$2" >&2; fi
  exit 1
}

detect_os() {
  os=${CC_DM_OS:-$(uname -s)}
  case $(printf '%s' "$os" | tr '[:upper:]' '[:lower:]') in
    linux*) echo linux ;;
    darwin*) echo darwin ;;
    mingw* | msys* | cygwin* | windows*) echo windows ;;
    *) fail "no cc-dm build for the operating system \"$os\"" "build from source: https://github.com/$CC_DM_REPO#from-source" ;;
  esac
}

detect_arch() {
  arch=${CC_DM_ARCH:-$(uname -m)}
  # An x86_64 shell on Apple silicon runs under Rosetta: the native build is the better one.
  if [ -z "${CC_DM_ARCH:-}" ] && [ "$1" = darwin ] && [ "$arch" = x86_64 ] &&
    [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
    arch=arm64
  fi
  case $(printf '%s' "$arch" | tr '[:upper:]' '[:lower:]') in
    x86_64 | amd64 | x64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) fail "no cc-dm build for the CPU architecture \"$arch\"" "build from source: https://github.com/$CC_DM_REPO#from-source" ;;
  esac
}

# download URL FILE: fails (returns non-zero) on any HTTP error.
download() {
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --show-error --location --retry 2 --connect-timeout 15 --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget --quiet --tries=3 --timeout=30 --output-document="$2" "$1"
  else
    fail "neither curl nor wget is installed" "install curl, then run this again"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "cannot verify the download: neither sha256sum nor shasum is installed" \
      "install coreutils (sha256sum) or perl (shasum), then run this again"
  fi
}

main() {
  set -eu
  os=$(detect_os)
  arch=$(detect_arch "$os")
  exe=
  if [ "$os" = windows ]; then
    [ "$arch" = x64 ] || fail "there is no Windows $arch build of cc-dm" \
      "the x64 build runs under emulation: CC_DM_ARCH=x64 sh install.sh"
    exe=.exe
  fi
  asset=cc-dm-$os-$arch$exe

  if [ -n "${CC_DM_DOWNLOAD_URL:-}" ]; then
    base=${CC_DM_DOWNLOAD_URL%/}
  elif [ -n "${CC_DM_VERSION:-}" ]; then
    base=https://github.com/$CC_DM_REPO/releases/download/v${CC_DM_VERSION#v}
  else
    base=https://github.com/$CC_DM_REPO/releases/latest/download
  fi

  dir=${CC_DM_INSTALL_DIR:-${HOME:?HOME is not set}/.local/bin}
  target=$dir/cc-dm$exe
  mkdir -p "$dir" || fail "cannot create the install directory $dir" "CC_DM_INSTALL_DIR=/another/dir sh install.sh"

  # Both files are written next to the target so the final mv is an atomic rename; the trap
  # removes them on every way out, so a failed run leaves nothing behind.
  tmp_bin=$dir/.cc-dm-download.$$
  tmp_sums=$dir/.cc-dm-SHA256SUMS.$$
  trap 'rm -f "$tmp_bin" "$tmp_sums"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  say "Downloading $asset from $base"
  download "$base/$asset" "$tmp_bin" || fail "could not download $base/$asset" \
    "check the network, or pick a release: CC_DM_VERSION=2.0.0 sh install.sh"
  download "$base/SHA256SUMS" "$tmp_sums" || fail "could not download $base/SHA256SUMS"

  expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$tmp_sums")
  [ -n "$expected" ] || fail "SHA256SUMS of this release has no line for $asset; nothing was installed"
  actual=$(sha256_of "$tmp_bin")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $asset: expected $expected, got $actual; nothing was installed" \
      "run this again; if it keeps failing, report it at https://github.com/$CC_DM_REPO/issues"
  fi

  chmod 755 "$tmp_bin"
  version=$("$tmp_bin" --version 2>/dev/null) ||
    fail "the downloaded $asset does not run on this machine; nothing was installed" \
      "CC_DM_OS and CC_DM_ARCH override the detected platform"
  mv -f "$tmp_bin" "$target" || fail "cannot write $target" "CC_DM_INSTALL_DIR=/another/dir sh install.sh"
  say "Installed $version at $target (SHA-256 verified)"

  if [ "$os" = windows ]; then
    say "On Windows, cc-dm is the .exe: run cc-dm.exe (or cc-dm from Git Bash) in the terminal you start claude from."
  fi

  next="cc-dm setup"
  case ":${PATH:-}:" in
    *":$dir:"*) ;;
    *)
      next="$target setup"
      say ""
      say "$dir is not on your PATH. Add it, then open a new terminal:"
      case ${SHELL:-} in
        */zsh) say "  echo 'export PATH=\"$dir:\$PATH\"' >> ~/.zshrc" ;;
        */fish) say "  fish_add_path $dir" ;;
        */bash) say "  echo 'export PATH=\"$dir:\$PATH\"' >> ~/.bashrc" ;;
        *) say "  export PATH=\"$dir:\$PATH\"   (in your shell's startup file)" ;;
      esac
      ;;
  esac

  say ""
  run_setup=${CC_DM_SETUP:-}
  if [ -z "$run_setup" ]; then
    # Ask only on a terminal: under `curl ... | sh` stdin is this script, so never read it.
    run_setup=0
    if [ -t 0 ] && [ -t 1 ] && command -v claude >/dev/null 2>&1; then
      printf 'Register cc-dm with Claude Code now (cc-dm setup)? [Y/n] '
      read -r answer || answer=n
      case $answer in '' | [Yy]*) run_setup=1 ;; esac
    fi
  fi
  if [ "$run_setup" = 1 ]; then
    say "Running: $target setup"
    "$target" setup || fail "cc-dm setup failed (see above); cc-dm itself is installed" "$target setup"
  else
    command -v claude >/dev/null 2>&1 ||
      say "Claude Code is not on PATH yet: install it first (npm install -g @anthropic-ai/claude-code)."
    say "Next: register cc-dm with Claude Code:"
    say "  $next"
  fi
}

main "$@"
