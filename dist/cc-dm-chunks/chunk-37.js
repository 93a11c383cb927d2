import {
  EXIT
} from "./chunk-05.js";

// cmd/parse_then_run.ts
function parseThenRun(usage, parse, runWith) {
  return async (argv, io) => {
    const options = await parse(argv, io);
    if (options === null) {
      io.stdout(usage);
      return EXIT.ok;
    }
    return await runWith(options, io);
  };
}

export {
  parseThenRun
};
