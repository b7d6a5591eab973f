package dev.gantry.store;

/** The admin store's contract on the embedded H2 file, one fresh file per test. */
class H2AdminStoreTest extends AdminStoreContractTest {

  private final H2Database database = new H2Database();

  @Override
  protected TestDatabase database() {
    return database;
  }
}
