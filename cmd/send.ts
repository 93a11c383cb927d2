import type { Io } from "./io.ts";
import { CcDmError } from "../lib/errors.ts";

export const usage = "cc-dm send: not implemented yet\n";

export function run(_argv: string[], _io: Io): Promise<number> {
  return Promise.reject(new CcDmError("cc-dm send is not implemented yet"));
}
