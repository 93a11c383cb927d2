import {
  src_default
} from "./chunk-68.js";
import {
  driverOptions,
  pgConnectOptions
} from "./chunk-45.js";

// lib/bus/postgres/connect.ts
var KEEPALIVE = {
  idle: 5,
  interval: 2,
  count: 3
};
var KEEPALIVE_BOUND_S = KEEPALIVE.idle + KEEPALIVE.interval * KEEPALIVE.count;
var USER_TIMEOUT_MS = 1e4;
var SERVER_KEEPALIVE_SQL = `SET tcp_keepalives_idle = ${KEEPALIVE.idle}; SET tcp_keepalives_interval = ${KEEPALIVE.interval}; SET tcp_keepalives_count = ${KEEPALIVE.count}; SET tcp_user_timeout = ${USER_TIMEOUT_MS}`;
function connect(url, env, options = {}) {
  const resolved = pgConnectOptions(url, env);
  const base = driverOptions(resolved);
  return src_default({
    ...base,
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {
    },
    onclose: options.onclose,
    connection: {
      ...resolved.connection,
      application_name: `${resolved.connection.application_name ?? "cc-dm"}${options.purpose ?? ""}`
    },
    // Not in the driver's types, but its documented way to receive every NOTIFY.
    ...{
      onnotify: options.onnotify
    }
  });
}

export {
  KEEPALIVE_BOUND_S,
  SERVER_KEEPALIVE_SQL,
  connect
};
