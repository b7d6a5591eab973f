/**
 * The state store: virtual keys ({@link dev.gantry.store.KeyStore}), teams
 * ({@link dev.gantry.store.TeamStore}) and usage summed per day
 * ({@link dev.gantry.store.UsageStore}), opened together by
 * {@link dev.gantry.store.StateStore#open}. One JDBC implementation serves the embedded H2 file
 * (the single-node default) and PostgreSQL (a cluster), migrated by the same Flyway scripts
 * ({@code db/gantry/V*__*.sql}). Every method returns a Vert.x {@code Future}; JDBC runs on the
 * pool's worker threads, never on an event loop. Invalid input fails with a
 * {@link dev.gantry.store.StoreException}.
 */
package dev.gantry.store;
