package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real PostgreSQL ({@link PostgresDatabase}), a schema of its own per test.
 * Without PostgreSQL the tests are skipped, except under {@code CI=true}, where they fail.
 */
class PostgresStateStoreTest extends StateStoreContractTest {

  private final PostgresDatabase database = new PostgresDatabase();

  @BeforeAll
  static void requirePostgres() {
    PostgresDatabase.require();
  }

  @Override
  protected StateStoreSettings newDatabase() throws Exception {
    return database.create();
  }

  @Override
  protected Connection rawConnection() throws Exception {
    return database.connect();
  }

  @Override
  protected void dropDatabase() throws Exception {
    database.drop();
  }
}
