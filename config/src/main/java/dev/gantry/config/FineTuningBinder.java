package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the {@code fine_tuning} section and each alias's {@code fine_tuning} mapping: a provider
 * (a {@code bedrock} or {@code vertex} provider, or the {@code openai} provider of a vLLM server
 * for a self-hosted trainer), the backend's base model, and the backend's options (see
 * {@link FineTuningTarget}).
 */
final class FineTuningBinder {

  static final Set<String> FIELDS = Set.of("storage_dir", "max_file_size", "poll_interval",
      "max_running_per_team", "lease");
  private static final String AT = "fine_tuning";
  private static final Set<String> COMMON = Set.of("provider", "base_model",
      "price_per_million_tokens");
  private static final Map<FineTuningTarget.Backend, Set<String>> OPTIONS = Map.of(
      FineTuningTarget.Backend.BEDROCK, Set.of("role_arn", "s3_uri", "s3_endpoint",
          "control_endpoint", "customization_type", "data_format", "serve", "model_units"),
      FineTuningTarget.Backend.VERTEX, Set.of("gcs_uri", "storage_endpoint", "adapter_size"),
      FineTuningTarget.Backend.TRAINER, Set.of("trainer_url", "api_key"));
  private static final Map<FineTuningTarget.Backend, List<String>> REQUIRED = Map.of(
      FineTuningTarget.Backend.BEDROCK, List.of("role_arn", "s3_uri"),
      FineTuningTarget.Backend.VERTEX, List.of("gcs_uri"),
      FineTuningTarget.Backend.TRAINER, List.of("trainer_url"));

  private final TreeReader r;

  FineTuningBinder(TreeReader r) {
    this.r = r;
  }

  FineTuningSettings bind(JsonNode root) {
    JsonNode node = TreeReader.present(root, AT);
    if (node == null || !r.object(node, AT, FIELDS)) {
      return FineTuningSettings.DEFAULTS;
    }
    String dir = r.string(node, AT, "storage_dir", FineTuningSettings.DEFAULT_STORAGE_DIR);
    long maxBytes = r.byteSize(node, AT, "max_file_size",
        FineTuningSettings.DEFAULT_MAX_FILE_BYTES);
    Duration poll = orElse(r.duration(node, AT, "poll_interval",
        FineTuningSettings.DEFAULT_POLL_INTERVAL), FineTuningSettings.DEFAULT_POLL_INTERVAL);
    int running = r.integer(node, AT, "max_running_per_team",
        FineTuningSettings.DEFAULT_MAX_RUNNING_PER_TEAM, 1, 1000);
    Duration lease = orElse(r.duration(node, AT, "lease", FineTuningSettings.DEFAULT_LEASE),
        FineTuningSettings.DEFAULT_LEASE);
    return new FineTuningSettings(dir, maxBytes, poll, running, lease);
  }

  /** An alias's {@code fine_tuning}, or null when absent or wrong (errors reported). */
  FineTuningTarget target(JsonNode item, String path, ModelKind kind,
      Map<String, ProviderType> providerTypes) {
    JsonNode node = TreeReader.present(item, "fine_tuning");
    String at = TreeReader.at(path, "fine_tuning");
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      r.error(at, "must be a mapping");
      return null;
    }
    if (kind != ModelKind.CHAT) {
      r.error(at, "only chat aliases can be fine-tuned; this alias is " + kind.id());
      return null;
    }
    String provider = r.requiredString(node, at, "provider");
    String baseModel = r.requiredString(node, at, "base_model");
    double price = r.decimal(node, at, "price_per_million_tokens", -1);
    if (TreeReader.has(node, "price_per_million_tokens") && price < 0) {
      r.error(TreeReader.at(at, "price_per_million_tokens"), "must not be negative");
    }
    if (provider == null || baseModel == null) {
      return null;
    }
    ProviderType type = providerTypes.get(provider);
    FineTuningTarget.Backend backend = type == ProviderType.BEDROCK
        ? FineTuningTarget.Backend.BEDROCK : type == ProviderType.VERTEX
        ? FineTuningTarget.Backend.VERTEX : type == ProviderType.OPENAI
        ? FineTuningTarget.Backend.TRAINER : null;
    if (backend == null) {
      r.error(TreeReader.at(at, "provider"), type == null ? "unknown provider '" + provider + "'"
          : "provider '" + provider + "' (" + type.id() + ") cannot fine-tune: use a bedrock or"
              + " vertex provider, or the openai provider of the vLLM server a self-hosted"
              + " trainer's adapters are loaded into");
      return null;
    }
    Map<String, String> options = new HashMap<>();
    SecretRef apiKey = null;
    int mark = r.errorCount();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (COMMON.contains(name)) {
        continue;
      }
      if (!OPTIONS.get(backend).contains(name)) {
        r.error(TreeReader.at(at, name), "unknown field for a " + backend.id() + " backend"
            + " (expected: " + String.join(", ", sorted(OPTIONS.get(backend))) + ")");
      } else if (name.equals("api_key")) {
        apiKey = r.secret(node, at, "api_key");
      } else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        r.error(TreeReader.at(at, name), "must be a string or a number");
      } else {
        options.put(name, field.getValue().asText());
      }
    }
    for (String required : REQUIRED.get(backend)) {
      if (!options.containsKey(required)) {
        r.error(TreeReader.at(at, required), "required for a " + backend.id() + " backend");
      }
    }
    check(backend, options, at);
    if (price >= 0) {
      options.put("price_per_million_tokens", Double.toString(price));
    }
    return r.errorCount() == mark
        ? new FineTuningTarget(backend, provider, baseModel, options, apiKey) : null;
  }

  private void check(FineTuningTarget.Backend backend, Map<String, String> o, String at) {
    uri(o, at, "s3_uri", "s3://");
    uri(o, at, "gcs_uri", "gs://");
    for (String url : List.of("s3_endpoint", "control_endpoint", "storage_endpoint",
        "trainer_url")) {
      uri(o, at, url, "http");
    }
    oneOf(o, at, "serve", Set.of("deployment", "provisioned"));
    oneOf(o, at, "data_format", Set.of("nova", "claude", "prompt_completion"));
    oneOf(o, at, "adapter_size", Set.of("1", "2", "4", "8", "16", "32"));
    if (o.containsKey("model_units") && !o.get("model_units").matches("[1-9][0-9]{0,3}")) {
      r.error(TreeReader.at(at, "model_units"), "must be a whole number from 1");
    }
  }

  private void uri(Map<String, String> o, String at, String field, String scheme) {
    String value = o.get(field);
    if (value != null && (!value.startsWith(scheme) || value.length() <= scheme.length() + 2)) {
      r.error(TreeReader.at(at, field), "must start with " + scheme
          + (scheme.equals("http") ? "://" : "") + (scheme.endsWith("//") ? "bucket/prefix" : ""));
    }
  }

  private void oneOf(Map<String, String> o, String at, String field, Set<String> allowed) {
    String value = o.get(field);
    if (value != null && !allowed.contains(value)) {
      r.error(TreeReader.at(at, field), "must be one of: " + String.join(", ", sorted(allowed)));
    }
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static Duration orElse(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
