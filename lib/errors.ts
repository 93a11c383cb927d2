/** An expected failure: a message for the user, an exit code for the CLI and an optional fix. */
export class CcDmError extends Error {
  /** The fix in command-line terms where `hint` speaks of tool arguments (the CLI prints this one). */
  cliHint?: string;

  constructor(
    message: string,
    readonly exitCode = 1,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CcDmError";
  }
}

/** Bad command-line usage: exit code 2 and a `Try:` line. */
export class UsageError extends CcDmError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
    this.name = "UsageError";
  }
}

/** Input that breaks a documented rule (name, content, meta); nothing was stored. */
export class InvalidInputError extends CcDmError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
    this.name = "InvalidInputError";
  }
}

/** A name, session or message that does not exist. */
export class NotFoundError extends CcDmError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
    this.name = "NotFoundError";
  }
}

/** A session name already held by another live session. */
export class NameTakenError extends CcDmError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
    this.name = "NameTakenError";
  }
}

/** Text of any thrown value, for logs and error results. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
