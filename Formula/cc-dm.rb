# Homebrew formula for cc-dm. This repository is its own tap, and its name is not homebrew-cc-dm,
# so the tap needs its URL once:
#   brew tap cc-dm/cc-dm https://github.com/cc-dm/cc-dm
#   brew install cc-dm/cc-dm/cc-dm
#
# It installs the release binaries that .github/workflows/release.yml builds. The release
# workflow fills in `version` and the four sha256 values (scripts/update_formula.sh, which finds
# each one by the file name in its comment) and commits this file; the all-zero values below
# are placeholders until the first release.
class CcDm < Formula
  desc "Direct messages between Claude Code sessions, humans and scripts"
  homepage "https://github.com/cc-dm/cc-dm"
  version "2.0.0"

  on_macos do
    on_arm do
      url "https://github.com/cc-dm/cc-dm/releases/download/v#{version}/cc-dm-darwin-arm64"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000" # cc-dm-darwin-arm64
    end
    on_intel do
      url "https://github.com/cc-dm/cc-dm/releases/download/v#{version}/cc-dm-darwin-x64"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000" # cc-dm-darwin-x64
    end
  end

  on_linux do
    on_arm do
      url "https://github.com/cc-dm/cc-dm/releases/download/v#{version}/cc-dm-linux-arm64"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000" # cc-dm-linux-arm64
    end
    on_intel do
      url "https://github.com/cc-dm/cc-dm/releases/download/v#{version}/cc-dm-linux-x64"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000" # cc-dm-linux-x64
    end
  end

  def install
    # The download is the bare executable, named after its platform.
    bin.install Dir["cc-dm-*"].first => "cc-dm"
  end

  def caveats
    <<~EOS
      Register cc-dm with Claude Code (once):
        cc-dm setup
      then start Claude Code with the channel on:
        claude --dangerously-load-development-channels server:cc-dm
    EOS
  end

  test do
    assert_match "cc-dm #{version}", shell_output("#{bin}/cc-dm --version")
  end
end
