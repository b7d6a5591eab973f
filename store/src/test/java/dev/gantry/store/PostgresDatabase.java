package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on a real PostgreSQL: {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}, or the URL in the system property {@code gantry.test.postgres} or the
 * environment variable {@code GANTRY_TEST_POSTGRES}. {@link #require} skips a test class without
 * PostgreSQL, except under {@code CI=true}, where it fails.
 */
final class PostgresDatabase implements TestDatabase {

  private static final String USER = "postgres";

  private String schema;

  static String url() {
    String url = System.getProperty("gantry.test.postgres", System.getenv("GANTRY_TEST_POSTGRES"));
    return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
  }

  /** For a {@code @BeforeAll}: aborts (skips) without PostgreSQL, fails under {@code CI=true}. */
  static void require() {
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(url(), USER, null)) {
      c.isValid(5);
    } catch (Exception e) {
      String why = "no PostgreSQL answers at " + url() + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why + ": under CI=true the PostgreSQL tests must run (.ci/run"
            + " starts PostgreSQL)", e);
      }
      Assumptions.abort(why + "; skipped. Point gantry.test.postgres or GANTRY_TEST_POSTGRES at"
          + " one.");
    }
  }

  @Override
  public StateStoreSettings create() throws Exception {
    schema = "gantry_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(url(), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return StateStoreSettings.postgres(schemaUrl(), USER, null);
  }

  private String schemaUrl() {
    return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public Connection connect() throws Exception {
    return StateStoreContractTest.connect(schemaUrl(), USER);
  }

  @Override
  public void drop() throws Exception {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(url(), USER, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
