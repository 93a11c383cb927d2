import { answerUsage, runAnswer } from "./answer_command.ts";
import type { Io } from "./io.ts";

export const usage = answerUsage("allow");

export function run(argv: string[], io: Io): Promise<number> {
  return runAnswer("allow", argv, io);
}
