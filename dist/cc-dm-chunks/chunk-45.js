import {
  CcDmError
} from "./chunk-07.js";

// lib/bus/postgres/connection_options.ts
import { join } from "node:path";
var SSL_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full"
];
var KNOWN_PARAMS = /* @__PURE__ */ new Set([
  "host",
  "hostaddr",
  "port",
  "dbname",
  "user",
  "password",
  "passfile",
  "connect_timeout",
  "application_name",
  "fallback_application_name",
  "options",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "target_session_attrs",
  "keepalives",
  "keepalives_idle"
]);
var DEFAULT_SOCKET_DIR = "/var/run/postgresql";
function badUrl(url, reason, hint) {
  return new CcDmError(`Bus URL ${JSON.stringify(redactedUrl(url))} is not usable: ${reason}`, 1, hint ?? "Use postgres://USER@HOST:PORT/DATABASE (libpq's URL form); see docs/team.md.");
}
function redactedUrl(url) {
  return url.replace(/^([a-z]+:\/\/[^:/@?#]*):[^@/?#]*@/i, "$1:***@").replace(/([?&]password=)[^&#]*/gi, "$1***");
}
function decode(url, part, what) {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badUrl(url, `its ${what} has a broken %-escape`);
  }
}
function parsePgUrl(url) {
  const match = url.match(/^postgres(?:ql)?:\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i);
  if (!match) throw badUrl(url, "it is not a postgres:// or postgresql:// URL");
  const [, authority, path, query] = match;
  let userinfo = "";
  let hostlist = authority;
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    userinfo = authority.slice(0, at);
    hostlist = authority.slice(at + 1);
  }
  const parsed = {
    hosts: [],
    params: /* @__PURE__ */ new Map()
  };
  if (userinfo) {
    const colon = userinfo.indexOf(":");
    parsed.user = decode(url, colon >= 0 ? userinfo.slice(0, colon) : userinfo, "user name") || void 0;
    if (colon >= 0) parsed.password = decode(url, userinfo.slice(colon + 1), "password");
  }
  if (hostlist) {
    for (const spec of hostlist.split(",")) {
      const v6 = spec.match(/^\[([^\]]+)\](?::(\d*))?$/);
      if (v6) {
        parsed.hosts.push({
          host: v6[1],
          port: v6[2] || void 0
        });
        continue;
      }
      const colon = spec.lastIndexOf(":");
      const host = decode(url, colon >= 0 ? spec.slice(0, colon) : spec, "host");
      const port = colon >= 0 ? spec.slice(colon + 1) : void 0;
      parsed.hosts.push({
        host,
        port: port || void 0
      });
    }
  }
  if (path && path.length > 1) parsed.database = decode(url, path.slice(1), "database name");
  if (query) {
    for (const pair of query.slice(1).split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const key = decode(url, eq >= 0 ? pair.slice(0, eq) : pair, "parameter");
      const value = decode(url, eq >= 0 ? pair.slice(eq + 1).replaceAll("+", " ") : "", `parameter ${key}`);
      if (!KNOWN_PARAMS.has(key)) {
        throw badUrl(url, `unknown parameter ${JSON.stringify(key)}`, `Known: ${[
          ...KNOWN_PARAMS
        ].join(", ")}.`);
      }
      parsed.params.set(key, value);
    }
  }
  return parsed;
}
function portNumber(url, text, from) {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw badUrl(url, `${from} ${JSON.stringify(text)} is not a port (1-65535)`);
  }
  return port;
}
function seconds(url, text, what) {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim())) {
    throw badUrl(url, `${what} ${JSON.stringify(text)} is not a whole number of seconds`);
  }
  return value;
}
function readFileOrFail(url, file, what) {
  try {
    return Deno.readTextFileSync(file);
  } catch (err) {
    throw badUrl(url, `cannot read its ${what} ${JSON.stringify(file)}: ${err.message}`);
  }
}
function pgConnectOptions(url, env) {
  const parsed = parsePgUrl(url.trim());
  const param = (name) => parsed.params.get(name);
  const home = env.HOME ?? env.USERPROFILE ?? "";
  const hostParam = param("host") ?? param("hostaddr");
  let hosts = parsed.hosts.filter((h) => h.host !== "");
  if (!hosts.length && hostParam) hosts = hostParam.split(",").map((host) => ({
    host
  }));
  if (!hosts.length && env.PGHOST) hosts = env.PGHOST.split(",").map((host) => ({
    host
  }));
  const defaultPort = param("port") ?? env.PGPORT ?? "5432";
  const defaultPortNumber = portNumber(url, defaultPort, param("port") ? "port" : env.PGPORT ? "PGPORT" : "port");
  if (!hosts.length) {
    const socket = join(DEFAULT_SOCKET_DIR, `.s.PGSQL.${defaultPortNumber}`);
    hosts = [
      {
        host: exists(socket) ? DEFAULT_SOCKET_DIR : "localhost"
      }
    ];
  }
  const port = hosts.map((h) => h.port ? portNumber(url, h.port, "port") : defaultPortNumber);
  const socketDir = hosts.length === 1 && hosts[0].host.startsWith("/") ? hosts[0].host : void 0;
  const user = parsed.user ?? param("user") ?? env.PGUSER ?? env.USER ?? env.LOGNAME ?? "";
  if (!user) {
    throw badUrl(url, "it names no user, and neither PGUSER nor USER is set", "Add the user: postgres://USER@HOST/DATABASE.");
  }
  const database = parsed.database ?? param("dbname") ?? env.PGDATABASE ?? user;
  let pass = "";
  let passwordSource = "none";
  const passfile = param("passfile") ?? env.PGPASSFILE ?? (home ? join(home, ".pgpass") : null);
  const given = parsed.password ?? param("password");
  if (given !== void 0 && given !== "") {
    pass = given;
    passwordSource = "url";
  } else if (env.PGPASSWORD) {
    pass = env.PGPASSWORD;
    passwordSource = "PGPASSWORD";
  } else if (passfile) {
    const found = passwordFromFile(passfile, {
      // libpq matches a socket directory (and the default host) as "localhost".
      host: socketDir ? "localhost" : hosts[0].host,
      port: String(port[0]),
      database,
      user
    });
    if (found !== null) {
      pass = found;
      passwordSource = "passfile";
    }
  }
  const sslmodeText = param("sslmode") ?? env.PGSSLMODE ?? "prefer";
  if (!SSL_MODES.includes(sslmodeText)) {
    throw badUrl(url, `sslmode ${JSON.stringify(sslmodeText)} is not one of ${SSL_MODES.join(", ")}`);
  }
  const sslmode = sslmodeText;
  const rootcertFile = param("sslrootcert") ?? env.PGSSLROOTCERT ?? (home && exists(join(home, ".postgresql", "root.crt")) ? join(home, ".postgresql", "root.crt") : void 0);
  const certFile = param("sslcert") ?? env.PGSSLCERT;
  const keyFile = param("sslkey") ?? env.PGSSLKEY;
  let ssl;
  if (socketDir || sslmode === "disable") ssl = false;
  else if (sslmode === "allow" || sslmode === "prefer") ssl = "prefer";
  else {
    const tls = {};
    if (certFile) tls.cert = readFileOrFail(url, certFile, "sslcert");
    if (keyFile) tls.key = readFileOrFail(url, keyFile, "sslkey");
    if (rootcertFile && rootcertFile !== "system") tls.ca = readFileOrFail(url, rootcertFile, "sslrootcert");
    if (sslmode === "require" && !tls.ca) tls.rejectUnauthorized = false;
    else if (sslmode !== "verify-full") tls.checkServerIdentity = () => void 0;
    else if (hosts.length === 1) tls.host = hosts[0].host;
    ssl = Object.keys(tls).length === 1 && tls.rejectUnauthorized === false ? "require" : tls;
  }
  const connectTimeoutText = param("connect_timeout") ?? env.PGCONNECT_TIMEOUT;
  const connect_timeout = connectTimeoutText === void 0 ? 10 : seconds(url, connectTimeoutText, "connect_timeout");
  const keepIdle = param("keepalives_idle") ?? env.PGKEEPALIVESIDLE;
  const keep_alive = param("keepalives") === "0" ? 0 : keepIdle ? seconds(url, keepIdle, "keepalives_idle") : 5;
  const connection = {
    application_name: param("application_name") ?? env.PGAPPNAME ?? param("fallback_application_name") ?? "cc-dm"
  };
  const options = param("options") ?? env.PGOPTIONS;
  if (options) Object.assign(connection, startupSettings(url, options));
  const result = {
    host: hosts.map((h) => h.host),
    port,
    database,
    user,
    pass,
    ssl,
    sslmode,
    connect_timeout,
    keep_alive,
    connection,
    passwordSource,
    passfile: passfile ?? null
  };
  if (socketDir) result.path = join(socketDir, `.s.PGSQL.${port[0]}`);
  const tsa = param("target_session_attrs") ?? env.PGTARGETSESSIONATTRS;
  if (tsa && tsa !== "any") result.target_session_attrs = tsa;
  return result;
}
function startupSettings(url, options) {
  const settings = {};
  const words = options.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    if (word === "-c") word = words[++i] ?? "";
    else if (word.startsWith("-c")) word = word.slice(2);
    else if (word.startsWith("--")) word = word.slice(2);
    else throw badUrl(url, `options ${JSON.stringify(options)}: only "-c name=value" settings are supported`);
    const eq = word.indexOf("=");
    if (eq <= 0) throw badUrl(url, `options ${JSON.stringify(options)}: "${word}" is not name=value`);
    settings[word.slice(0, eq).replaceAll("-", "_")] = word.slice(eq + 1);
  }
  return settings;
}
function exists(path) {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
function passwordFromFile(file, target) {
  let text;
  try {
    const info = Deno.statSync(file);
    if (!info.isFile || ((info.mode ?? 0) & 63) !== 0) return null;
    text = Deno.readTextFileSync(file);
  } catch {
    return null;
  }
  const wanted = [
    target.host,
    target.port,
    target.database,
    target.user
  ];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const fields = passfileFields(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, i) => fields[i] === "*" || fields[i] === value)) {
      return fields.slice(4).join(":");
    }
  }
  return null;
}
function passfileFields(line) {
  const fields = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) current += line[++i];
    else if (ch === ":" && fields.length < 4) {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields;
}
function passfileTooOpen(file) {
  try {
    const info = Deno.statSync(file);
    return info.isFile && ((info.mode ?? 0) & 63) !== 0;
  } catch {
    return false;
  }
}
function pgLocation(options) {
  const hosts = options.host.map((host, i) => {
    const shown = host.startsWith("/") ? encodeURIComponent(host) : host.includes(":") ? `[${host}]` : host;
    return `${shown}:${options.port[i]}`;
  });
  return `postgres://${encodeURIComponent(options.user)}@${hosts.join(",")}/${encodeURIComponent(options.database)}`;
}
function driverOptions(options) {
  const { passwordSource: _source, passfile: _file, sslmode: _mode, host, port, ...rest } = options;
  return {
    ...rest,
    host: host.length === 1 ? host[0] : host,
    port: port.length === 1 ? port[0] : port,
    target_session_attrs: rest.target_session_attrs
  };
}

export {
  redactedUrl,
  parsePgUrl,
  pgConnectOptions,
  passfileTooOpen,
  pgLocation,
  driverOptions
};
