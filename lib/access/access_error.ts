import { CcDmError } from "../errors.ts";

/** A message refused by an access rule (the sender's own, or the recipient's); nothing was stored. */
export class AccessRefusedError extends CcDmError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
    this.name = "AccessRefusedError";
  }
}
