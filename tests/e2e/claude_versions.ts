// The Claude Code versions the tests run, in one place. Every end-to-end test (tests/e2e/) runs
// once per version listed here; the first is the pinned one, also used by the doctor and setup
// tests. Add the newest release when it comes out (`npm view @anthropic-ai/claude-code version`),
// drop a version when it stops mattering. How to upgrade: docs/e2e.md.

/** Claude Code versions under test; the first is the pinned one. */
export const CLAUDE_CODE_VERSIONS: readonly string[] = ["2.1.330", "2.1.332"];

/**
 * The versions this run tests: all of CLAUDE_CODE_VERSIONS, or the ones named in
 * `CC_DM_CLAUDE_VERSIONS` (comma-separated, each one from the list) for a quicker local run.
 */
export function claudeVersionsUnderTest(): readonly string[] {
  const wanted = Deno.env.get("CC_DM_CLAUDE_VERSIONS")?.split(",").map((v) => v.trim()).filter(Boolean);
  if (!wanted?.length) return CLAUDE_CODE_VERSIONS;
  for (const v of wanted) {
    if (!CLAUDE_CODE_VERSIONS.includes(v)) {
      throw new Error(
        `CC_DM_CLAUDE_VERSIONS names ${v}, which is not in tests/e2e/claude_versions.ts (${
          CLAUDE_CODE_VERSIONS.join(", ")
        })`,
      );
    }
  }
  return wanted;
}
