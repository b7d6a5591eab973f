package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;

/** The contract on the embedded H2 file, one fresh file per test. */
class H2StateStoreTest extends StateStoreContractTest {

  private final H2Database database = new H2Database();

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
