package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Binds the {@code state_store} section: {@code embedded} (default) or {@code postgres}. */
final class StateStoreBinder {

  static final Set<String> FIELDS = Set.of("type", "path", "url", "user", "password",
      "pool_size");
  private static final String AT = "state_store";

  private final TreeReader r;

  StateStoreBinder(TreeReader r) {
    this.r = r;
  }

  StateStoreSettings bind(JsonNode root) {
    JsonNode node = TreeReader.present(root, AT);
    if (node == null || !r.object(node, AT, FIELDS)) {
      return StateStoreSettings.EMBEDDED;
    }
    String type = r.string(node, AT, "type", "embedded");
    int poolSize = r.integer(node, AT, "pool_size", StateStoreSettings.DEFAULT_POOL_SIZE, 1, 64);
    if ("embedded".equals(type)) {
      onlyFor(node, "postgres", "url", "user", "password");
      String path = r.string(node, AT, "path", StateStoreSettings.DEFAULT_PATH);
      return new StateStoreSettings(StateStoreSettings.Kind.EMBEDDED, path, null, null, null,
          poolSize);
    }
    if (!"postgres".equals(type)) {
      r.error(TreeReader.at(AT, "type"),
          "unknown type '" + type + "' (expected one of: embedded, postgres)");
      return StateStoreSettings.EMBEDDED;
    }
    onlyFor(node, "embedded", "path");
    String url = r.requiredString(node, AT, "url");
    if (url != null && !url.startsWith("jdbc:postgresql://")) {
      r.error(TreeReader.at(AT, "url"), "must be jdbc:postgresql://host:port/database");
      url = null;
    }
    String user = r.string(node, AT, "user", null);
    SecretRef password = r.secret(node, AT, "password");
    if (url == null) {
      return StateStoreSettings.EMBEDDED;
    }
    return new StateStoreSettings(StateStoreSettings.Kind.POSTGRES, null, url, user, password,
        poolSize);
  }

  private void onlyFor(JsonNode node, String type, String... fields) {
    for (String field : fields) {
      if (TreeReader.has(node, field)) {
        r.error(TreeReader.at(AT, field), "only for type " + type);
      }
    }
  }
}
