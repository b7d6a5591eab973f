package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;

/** One fresh database per test, made and dropped by the contract tests' subclasses. */
interface TestDatabase {

  /** A fresh, empty database; what a store opens. */
  StateStoreSettings create() throws Exception;

  /** A plain JDBC connection to the database {@link #create} returned last. */
  Connection connect() throws Exception;

  /** Drops what {@link #create} made. */
  void drop() throws Exception;
}
