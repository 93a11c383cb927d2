import {
  DEFAULT_ASK_TIMEOUT_S,
  askAndPrint,
  parseAsk,
  run,
  usage
} from "./chunk-26.js";
import "./chunk-27.js";
import "./chunk-28.js";
import "./chunk-29.js";
import "./chunk-30.js";
import "./chunk-31.js";
import "./chunk-32.js";
import "./chunk-33.js";
import "./chunk-34.js";
import "./chunk-35.js";
import "./chunk-36.js";
import "./chunk-37.js";
import "./chunk-38.js";
import "./chunk-39.js";
import "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import "./chunk-05.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import "./chunk-07.js";
export {
  DEFAULT_ASK_TIMEOUT_S,
  askAndPrint,
  parseAsk,
  run,
  usage
};
