package dev.gantry.store;

import org.junit.jupiter.api.BeforeAll;

/**
 * The admin store's contract on a real PostgreSQL ({@link PostgresDatabase}), a schema of
 * its own per test. Without PostgreSQL the tests are skipped, except under {@code CI=true}, where
 * they fail.
 */
class PostgresAdminStoreTest extends AdminStoreContractTest {

  private final PostgresDatabase database = new PostgresDatabase();

  @BeforeAll
  static void requirePostgres() {
    PostgresDatabase.require();
  }

  @Override
  protected TestDatabase database() {
    return database;
  }
}
