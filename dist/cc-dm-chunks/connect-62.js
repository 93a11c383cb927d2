import {
  KEEPALIVE_BOUND_S,
  SERVER_KEEPALIVE_SQL,
  connect
} from "./chunk-68.js";
import "./chunk-69.js";
import "./chunk-46.js";
import "./chunk-07.js";
export {
  KEEPALIVE_BOUND_S,
  SERVER_KEEPALIVE_SQL,
  connect
};
