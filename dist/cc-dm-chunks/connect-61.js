import {
  KEEPALIVE_BOUND_S,
  SERVER_KEEPALIVE_SQL,
  connect
} from "./chunk-67.js";
import "./chunk-68.js";
import "./chunk-45.js";
import "./chunk-07.js";
export {
  KEEPALIVE_BOUND_S,
  SERVER_KEEPALIVE_SQL,
  connect
};
