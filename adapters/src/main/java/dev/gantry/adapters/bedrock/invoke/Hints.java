package dev.gantry.adapters.bedrock.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Arrays;
import java.util.Map;

/**
 * Model-specific knobs a client passes as extra request fields ({@code extensions}), some of which
 * a deployment may default in its {@code options}; the request wins. A bad request value is the
 * client's INVALID_REQUEST; a bad deployment option is the gateway's own (INTERNAL) error.
 */
final class Hints {

  private final ObjectNode extensions;
  private final Map<String, String> options;

  Hints(ObjectNode extensions, Map<String, String> options) {
    this.extensions = extensions;
    this.options = options;
  }

  /**
   * One of {@code allowed} (matched ignoring case, returned as spelled there) from the request,
   * else from the deployment option of the same name, else {@code fallback}.
   */
  String choice(String key, String fallback, String... allowed) {
    JsonNode value = present(key);
    if (value != null) {
      String match = value.isTextual() ? match(value.textValue(), allowed) : null;
      if (match == null) {
        throw GatewayException.invalid("Invalid '" + key + "': expected one of "
            + String.join(", ", allowed) + ".", key);
      }
      return match;
    }
    String option = options.get(key);
    if (option != null) {
      String match = match(option, allowed);
      if (match == null) {
        throw new GatewayException(ErrorKind.INTERNAL, "The deployment option '" + key
            + "' must be one of " + String.join(", ", allowed) + ".", null, -1, null);
      }
      return match;
    }
    return fallback;
  }

  /** A whole number in {@code [min, max]} from the request, or null when absent. */
  Long integer(String key, long min, long max) {
    JsonNode value = present(key);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
        || value.longValue() > max) {
      throw GatewayException.invalid("Invalid '" + key + "': expected an integer from " + min
          + " to " + max + ".", key);
    }
    return value.longValue();
  }

  /** A number in {@code [min, max]} from the request, or null when absent. */
  Double number(String key, double min, double max) {
    JsonNode value = present(key);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
      throw GatewayException.invalid("Invalid '" + key + "': expected a number from " + min
          + " to " + max + ".", key);
    }
    return value.doubleValue();
  }

  /** A boolean from the request, or null when absent. */
  Boolean bool(String key) {
    JsonNode value = present(key);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw GatewayException.invalid("Invalid '" + key + "': expected a boolean.", key);
    }
    return value.booleanValue();
  }

  /** A non-empty string from the request, or null when absent. */
  String text(String key) {
    JsonNode value = present(key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw GatewayException.invalid("Invalid '" + key + "': expected a non-empty string.", key);
    }
    return value.textValue();
  }

  private JsonNode present(String key) {
    JsonNode value = extensions.get(key);
    return value == null || value.isNull() ? null : value;
  }

  private static String match(String value, String... allowed) {
    return Arrays.stream(allowed).filter(a -> a.equalsIgnoreCase(value)).findFirst().orElse(null);
  }
}
