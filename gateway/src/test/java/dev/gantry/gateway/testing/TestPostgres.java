package dev.gantry.gateway.testing;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on the PostgreSQL the end-to-end tests share: 127.0.0.1:5432 database
 * {@code test} as {@code postgres} (trust auth), or {@code GANTRY_TEST_POSTGRES}. Without one a
 * test is skipped locally and fails under {@code CI=true}, where it must run.
 */
public final class TestPostgres implements AutoCloseable {

  private static final String USER = "postgres";

  private final String schema = "gantry_test_" + UUID.randomUUID().toString().replace("-", "");

  private TestPostgres() {}

  private static String url() {
    String url = System.getenv("GANTRY_TEST_POSTGRES");
    return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
  }

  /** A fresh schema, or the test skipped (failed under {@code CI=true}). */
  public static TestPostgres schemaOrSkip() throws Exception {
    DriverManager.setLoginTimeout(5);
    TestPostgres db = new TestPostgres();
    try (Connection c = DriverManager.getConnection(url(), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + db.schema);
    } catch (Exception e) {
      String why = "no PostgreSQL at " + url() + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why + ": under CI=true this test must run", e);
      }
      Assumptions.abort(why + "; skipped");
    }
    return db;
  }

  /** State store settings pointing at the schema. */
  public StateStoreSettings settings() {
    return StateStoreSettings.postgres(url() + (url().contains("?") ? "&" : "?")
        + "currentSchema=" + schema, USER, null);
  }

  @Override
  public void close() throws Exception {
    try (Connection c = DriverManager.getConnection(url(), USER, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
