/**
 * The JDBC implementation of the state store, over {@code io.vertx.jdbcclient.JDBCPool}: the same
 * SQL on H2 and PostgreSQL, except the upserts ({@link dev.gantry.store.internal.Dialect}).
 */
package dev.gantry.store.internal;
