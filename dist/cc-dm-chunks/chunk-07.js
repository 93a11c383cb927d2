// lib/errors.ts
var CcDmError = class extends Error {
  exitCode;
  hint;
  /** The fix in command-line terms where `hint` speaks of tool arguments (the CLI prints this one). */
  cliHint;
  constructor(message, exitCode = 1, hint) {
    super(message), this.exitCode = exitCode, this.hint = hint;
    this.name = "CcDmError";
  }
};
var UsageError = class extends CcDmError {
  constructor(message, hint) {
    super(message, 2, hint);
    this.name = "UsageError";
  }
};
var InvalidInputError = class extends CcDmError {
  constructor(message, hint) {
    super(message, 1, hint);
    this.name = "InvalidInputError";
  }
};
var NotFoundError = class extends CcDmError {
  constructor(message, hint) {
    super(message, 1, hint);
    this.name = "NotFoundError";
  }
};
var NameTakenError = class extends CcDmError {
  constructor(message, hint) {
    super(message, 1, hint);
    this.name = "NameTakenError";
  }
};
function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  CcDmError,
  UsageError,
  InvalidInputError,
  NotFoundError,
  NameTakenError,
  errorText
};
