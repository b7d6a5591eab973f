package dev.gantry.store;

import dev.gantry.config.StateStoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real PostgreSQL: {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}, or the URL in the system property {@code gantry.test.postgres} or the
 * environment variable {@code GANTRY_TEST_POSTGRES}. Each test gets a schema of its own, dropped
 * after. Without PostgreSQL the tests are skipped, except under {@code CI=true}, where they fail.
 */
class PostgresStateStoreTest extends StateStoreContractTest {

  private static final String USER = "postgres";

  private String schema;

  static String url() {
    String url = System.getProperty("gantry.test.postgres", System.getenv("GANTRY_TEST_POSTGRES"));
    return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
  }

  @BeforeAll
  static void requirePostgres() {
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
  protected StateStoreSettings newDatabase() throws Exception {
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
  protected Connection rawConnection() throws Exception {
    return connect(schemaUrl(), USER);
  }

  @Override
  protected void dropDatabase() throws Exception {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(url(), USER, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
