package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.stream.Stream;

/** An embedded H2 file in a temporary directory of its own. */
final class H2Database implements TestDatabase {

  private Path dir;

  @Override
  public StateStoreSettings create() throws Exception {
    dir = Files.createTempDirectory("gantry-state");
    return StateStoreSettings.embedded(dir.resolve("state").toString());
  }

  @Override
  public Connection connect() throws Exception {
    return StateStoreContractTest.connect(
        "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), "");
  }

  @Override
  public void drop() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
