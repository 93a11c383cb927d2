// lib/version.ts
var VERSION = "2.0.0";

export {
  VERSION
};
