package dev.gantry.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a secret's text is a Google service-account key file (the JSON the Cloud console
 * downloads). Messages describe the problem only: nothing of the key, not even its {@code type},
 * is ever quoted, and Jackson's messages (which quote the input) are not passed on.
 */
final class ServiceAccountKeys {

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final List<String> REQUIRED_FIELDS = List.of("client_email", "private_key");

  private ServiceAccountKeys() {
  }

  /** Why {@code text} is not a service-account key, or null when it is one. */
  static String problem(String text) {
    if (text.isBlank()) {
      return "is empty (expected a service-account key file)";
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      return "is not valid JSON (expected a service-account key file)";
    }
    if (root == null || !root.isObject()) {
      return "is not a JSON object (expected a service-account key file)";
    }
    if (!"service_account".equals(root.path("type").textValue())) {
      return "is not a service-account key (\"type\" must be \"service_account\"; for other"
          + " credentials leave credentials out and use Application Default Credentials)";
    }
    List<String> missing = new ArrayList<>();
    for (String field : REQUIRED_FIELDS) {
      JsonNode value = root.get(field);
      if (value == null || !value.isTextual() || value.textValue().isBlank()) {
        missing.add(field);
      }
    }
    return missing.isEmpty() ? null
        : "service-account key has no " + String.join(", ", missing);
  }
}
