package dev.gantry.store;

/** The fine-tuning store's contract on the embedded H2 file, one fresh file per test. */
class H2FineTuneStoreTest extends FineTuneStoreContractTest {

  private final H2Database database = new H2Database();

  @Override
  protected TestDatabase database() {
    return database;
  }
}
