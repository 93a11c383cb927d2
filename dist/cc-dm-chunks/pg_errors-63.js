import {
  busError,
  errorCode,
  failureKind,
  isTransient
} from "./chunk-70.js";
import "./chunk-45.js";
import "./chunk-07.js";
export {
  busError,
  errorCode,
  failureKind,
  isTransient
};
