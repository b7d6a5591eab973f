package dev.gantry.config;

import static dev.gantry.config.Configs.ENV;
import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateStoreConfigTest {

  @Test
  void parse_noStateStore_embeddedFileByDefault() {
    StateStoreSettings store = parse("{}\n").stateStore();

    assertThat(store).isEqualTo(StateStoreSettings.EMBEDDED);
    assertThat(store.path()).isEqualTo("./gantry-state");
    assertThat(store.poolSize()).isEqualTo(4);
  }

  @Test
  void parse_embeddedWithPath_bindsIt() {
    assertThat(parse("state_store: { type: embedded, path: /var/lib/gantry/state,"
        + " pool_size: 2 }\n").stateStore())
        .isEqualTo(new StateStoreSettings(StateStoreSettings.Kind.EMBEDDED,
            "/var/lib/gantry/state", null, null, null, 2));
  }

  @Test
  void parse_postgres_bindsUrlUserAndSecretPassword() {
    StateStoreSettings store = parse("state_store:\n"
        + "  type: postgres\n"
        + "  url: 'jdbc:postgresql://db:5432/gantry'\n"
        + "  user: gantry\n"
        + "  password: env:PG_PASSWORD\n").stateStore();

    assertThat(store.kind()).isEqualTo(StateStoreSettings.Kind.POSTGRES);
    assertThat(store.url()).isEqualTo("jdbc:postgresql://db:5432/gantry");
    assertThat(store.user()).isEqualTo("gantry");
    assertThat(store.password().resolve(ENV)).isEqualTo("pg-env-secret-5a1d");
    assertThat(store.toString()).doesNotContain("pg-env-secret-5a1d");
  }

  @Test
  void parse_badStateStore_reportsEachWithPath() {
    assertThat(errorsOf("state_store: { type: sqlite }\n"))
        .containsExactly("state_store.type: unknown type 'sqlite' (expected one of: embedded,"
            + " postgres)");
    assertThat(errorsOf("state_store: { type: postgres }\n"))
        .containsExactly("state_store.url: required");
    assertThat(errorsOf("state_store: { type: postgres, url: 'postgres://db/x', path: /x }\n"))
        .containsExactlyInAnyOrder("state_store.path: only for type embedded",
            "state_store.url: must be jdbc:postgresql://host:port/database");
    assertThat(errorsOf("state_store: { url: 'jdbc:postgresql://db/x', pool_size: 0,"
        + " colour: red }\n"))
        .containsExactlyInAnyOrder("state_store.colour: unknown field",
            "state_store.url: only for type postgres",
            "state_store.pool_size: must be between 1 and 64");
    assertThat(errorsOf("state_store: { type: postgres, url: 'jdbc:postgresql://db/x',"
        + " password: env:NOT_SET_ANYWHERE }\n"))
        .containsExactly("state_store.password: environment variable NOT_SET_ANYWHERE is not set");
  }
}
