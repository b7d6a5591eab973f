package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds {@code limits} mappings (of keys, teams, models, deployments) and the {@code teams}. */
final class LimitsBinder {

  static final Set<String> LIMIT_FIELDS = Set.of("rpm", "tpm", "input_tpm", "output_tpm",
      "concurrent", "tokens_per_day");
  static final Set<String> TEAM_FIELDS = Set.of("name", "limits");
  static final Set<String> STORE_FIELDS = Set.of("type", "url", "fail_open", "timeout");

  private final TreeReader r;

  LimitsBinder(TreeReader r) {
    this.r = r;
  }

  /** The {@code limits} of the object at {@code path}; {@link Limits#NONE} when absent. */
  Limits limits(JsonNode owner, String path) {
    JsonNode node = TreeReader.present(owner, "limits");
    String where = TreeReader.at(path, "limits");
    if (node == null || !r.object(node, where, LIMIT_FIELDS)) {
      return Limits.NONE;
    }
    return new Limits(positive(node, where, "rpm"), positive(node, where, "tpm"),
        positive(node, where, "input_tpm"), positive(node, where, "output_tpm"),
        positive(node, where, "concurrent"), positive(node, where, "tokens_per_day"));
  }

  private Long positive(JsonNode node, String path, String field) {
    if (!TreeReader.has(node, field)) {
      return null;
    }
    JsonNode value = TreeReader.present(node, field);
    if (!value.isIntegralNumber() || value.longValue() < 1) {
      r.error(TreeReader.at(path, field), "must be a whole number of at least 1");
      return null;
    }
    return value.longValue();
  }

  /** The {@code limit_store} section: {@code memory} (default) or {@code redis} with a URL. */
  LimitStoreSettings store(JsonNode root) {
    JsonNode node = TreeReader.present(root, "limit_store");
    if (node == null || !r.object(node, "limit_store", STORE_FIELDS)) {
      return LimitStoreSettings.MEMORY;
    }
    String type = r.string(node, "limit_store", "type", "memory");
    boolean failOpen = r.bool(node, "limit_store", "fail_open", false);
    String url = r.string(node, "limit_store", "url", null);
    java.time.Duration timeout = r.duration(node, "limit_store", "timeout",
        LimitStoreSettings.DEFAULT_TIMEOUT);
    if ("memory".equals(type)) {
      if (url != null) {
        r.error("limit_store.url", "only for type redis");
      }
      return LimitStoreSettings.MEMORY;
    }
    if (!"redis".equals(type)) {
      r.error("limit_store.type", "unknown type '" + type + "' (expected one of: memory, redis)");
      return LimitStoreSettings.MEMORY;
    }
    if (url == null) {
      url = "redis://127.0.0.1:6379";
    } else if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      r.error("limit_store.url", "must be redis://host:port or rediss://host:port");
      return LimitStoreSettings.MEMORY;
    }
    return new LimitStoreSettings(LimitStoreSettings.Kind.REDIS, url, failOpen, timeout);
  }

  /** The {@code teams} section: names unique. */
  List<Team> teams(JsonNode root) {
    List<Team> out = new ArrayList<>();
    JsonNode node = TreeReader.present(root, "teams");
    if (node == null) {
      return out;
    }
    if (!node.isArray()) {
      r.error("teams", "must be a list");
      return out;
    }
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String path = TreeReader.at("teams", i);
      JsonNode item = node.get(i);
      int mark = r.errorCount();
      if (!r.object(item, path, TEAM_FIELDS)) {
        continue;
      }
      String name = r.requiredString(item, path, "name");
      if (name != null && names.putIfAbsent(name, i) != null) {
        r.error(TreeReader.at(path, "name"), "duplicate team '" + name + "' (also "
            + TreeReader.at("teams", names.get(name)) + ")");
      }
      Limits limits = limits(item, path);
      if (r.errorCount() == mark) {
        out.add(new Team(name, limits));
      }
    }
    return out;
  }
}
