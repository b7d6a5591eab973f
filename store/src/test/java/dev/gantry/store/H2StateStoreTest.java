package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.stream.Stream;

/** The contract on the embedded H2 file, one fresh file per test. */
class H2StateStoreTest extends StateStoreContractTest {

  private Path dir;

  @Override
  protected StateStoreSettings newDatabase() throws Exception {
    dir = Files.createTempDirectory("gantry-state");
    return StateStoreSettings.embedded(dir.resolve("state").toString());
  }

  @Override
  protected Connection rawConnection() throws Exception {
    return connect("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), "");
  }

  @Override
  protected void dropDatabase() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
