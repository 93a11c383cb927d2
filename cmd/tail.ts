import type { Io } from "./io.ts";
import { CcDmError } from "../lib/errors.ts";

export const usage = "cc-dm tail: not implemented yet\n";

export function run(_argv: string[], _io: Io): Promise<number> {
  return Promise.reject(new CcDmError("cc-dm tail is not implemented yet"));
}
