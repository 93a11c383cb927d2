import {
  CcDmError
} from "./chunk-07.js";

// lib/bus/errors.ts
var BusError = class extends CcDmError {
  kind;
  constructor(kind, message, hint) {
    super(message, 1, hint), this.kind = kind;
    this.name = "BusError";
  }
};
function isBusError(err, kind) {
  return err instanceof BusError && (kind === void 0 || err.kind === kind);
}

export {
  BusError,
  isBusError
};
