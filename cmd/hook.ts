import type { Io } from "./io.ts";
import { CcDmError } from "../lib/errors.ts";

export const usage = "cc-dm hook: not implemented yet\n";

export function run(_argv: string[], _io: Io): Promise<number> {
  return Promise.reject(new CcDmError("cc-dm hook is not implemented yet"));
}
