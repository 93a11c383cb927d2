import type postgres from "postgres";

/** A connection pool or a transaction of the driver (npm:postgres). */
export type Sql = postgres.Sql | postgres.TransactionSql;

/** A pool of the driver (npm:postgres): begin, listen, end. */
export type Pool = postgres.Sql;
