import {
  busError,
  errorCode,
  failureKind,
  isTransient
} from "./chunk-69.js";
import "./chunk-44.js";
import "./chunk-07.js";
export {
  busError,
  errorCode,
  failureKind,
  isTransient
};
