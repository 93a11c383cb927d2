import { EXIT } from "./exit_codes.ts";
import type { Io } from "./io.ts";

/**
 * A command's `run(argv, io)` from its two halves (gh's habit): `parse` turns argv into typed
 * options (null for --help, which prints `usage`), then `runWith` does the work. Tests drive
 * each half alone.
 */
export function parseThenRun<O>(
  usage: string,
  parse: (argv: string[], io: Io) => O | null | Promise<O | null>,
  runWith: (options: O, io: Io) => Promise<number>,
): (argv: string[], io: Io) => Promise<number> {
  return async (argv, io) => {
    const options = await parse(argv, io);
    if (options === null) {
      io.stdout(usage);
      return EXIT.ok;
    }
    return await runWith(options, io);
  };
}
