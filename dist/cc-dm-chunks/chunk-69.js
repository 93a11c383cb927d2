import {
  BusError
} from "./chunk-44.js";
import {
  CcDmError
} from "./chunk-07.js";

// lib/bus/postgres/pg_errors.ts
var UNREACHABLE_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED"
]);
function errorCode(err) {
  if (typeof err !== "object" || err === null) return void 0;
  const code = err.code;
  return typeof code === "string" ? code : void 0;
}
function failureKind(err) {
  if (isTlsFailure(err)) return "denied";
  const code = errorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code === void 0) {
    if (/getaddrinfo|connect|socket|ECONN|timed out/i.test(text)) return "unreachable";
    return null;
  }
  if (UNREACHABLE_CODES.has(code)) return "unreachable";
  if (code.startsWith("08")) return "unreachable";
  if (code === "57P01" || code === "57P02" || code === "57P03") return "unreachable";
  if (code === "53300") return "unreachable";
  if (code.startsWith("28")) return "denied";
  if (code === "42501") return "denied";
  if (code === "3D000") return "cantopen";
  if (code === "42P01" || code === "3F000" || code === "42883") return "schema";
  if (code === "53100") return "full";
  if (code === "25006") return "readonly";
  if (code === "40001" || code === "40P01" || code === "55P03" || code === "57014") return "locked";
  if (code.startsWith("XX")) return "corrupt";
  if (code === "58030" || code.startsWith("53")) return "io";
  return null;
}
function isTlsFailure(err) {
  const code = errorCode(err) ?? "";
  const text = err instanceof Error ? err.message : "";
  return /CERT|ERR_TLS|UNABLE_TO_VERIFY|ERR_SSL/.test(code) || /self[- ]signed certificate|certificate|Hostname\/IP does not match/i.test(text) && !code.startsWith("28");
}
function isTransient(err) {
  const kind = failureKind(err);
  return kind === "unreachable" || kind === "locked";
}
function where(target) {
  return `${target.host}:${target.port} (database ${JSON.stringify(target.database)}, user ${JSON.stringify(target.user)})`;
}
function busError(err, location, target) {
  if (err instanceof CcDmError) return err;
  const kind = failureKind(err);
  if (kind === null) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  const said = code && !reason.includes(code) ? `${reason} (${code})` : reason;
  const server = where(target);
  switch (kind) {
    case "unreachable":
      return new BusError(kind, `Cannot reach the bus server ${server}: ${said}`, `Check that PostgreSQL runs on ${target.host}:${target.port} and that this machine can reach it (network, VPN, firewall); CC_DM_BUS_URL is ${location}.`);
    case "denied":
      if (isTlsFailure(err)) {
        return new BusError(kind, `The bus server ${server} has a TLS certificate this machine does not trust: ${said}`, "Give the server's CA in the URL (sslrootcert=/path/ca.pem, or PGSSLROOTCERT), or use sslmode=require to encrypt without verifying the certificate.");
      }
      return new BusError(kind, `The bus server ${server} refused: ${said}`, `Check the user and password (URL, PGPASSWORD or ~/.pgpass), and ask the bus owner to run \`cc-dm bus grant ${target.user} --apply\` (and \`cc-dm bus init\` after an upgrade).`);
    case "schema":
      return new BusError(kind, `The bus at ${location} has no cc-dm schema this cc-dm can use: ${said}`, `The bus owner runs \`cc-dm bus init ${location}\` (creates or upgrades the schema), then grants members.`);
    case "cantopen":
      return new BusError(kind, `Cannot open the bus at ${location}: ${said}`, `Create the database first (createdb ${target.database}), then run \`cc-dm bus init\` as its owner.`);
    case "readonly":
      return new BusError(kind, `The bus server ${server} is read-only: ${said}`, "Point CC_DM_BUS_URL at the primary (or add target_session_attrs=read-write to the URL).");
    case "locked":
      return new BusError(kind, `The bus at ${location} is busy: ${said}`, "Try again in a moment.");
    case "full":
      return new BusError(kind, `The bus server ${server} is out of space: ${said}`, "Free disk space on the server.");
    default:
      return new BusError(kind, `The bus server ${server} failed: ${said}`, "Check the server's log; `cc-dm doctor` checks the bus.");
  }
}

export {
  errorCode,
  failureKind,
  isTransient,
  busError
};
