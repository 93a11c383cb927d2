import {
  DOCTOR_FACTS,
  MIGRATIONS,
  SCHEMA_VERSION,
  grantSql,
  migrate,
  quoteIdent,
  revokeSql,
  schemaVersion
} from "./chunk-57.js";
export {
  DOCTOR_FACTS,
  MIGRATIONS,
  SCHEMA_VERSION,
  grantSql,
  migrate,
  quoteIdent,
  revokeSql,
  schemaVersion
};
