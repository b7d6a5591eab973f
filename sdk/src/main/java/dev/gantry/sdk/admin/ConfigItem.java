package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.sdk.GantryHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An item of the live routing, JSON in the configuration file's schema: an alias
 * ({@link AliasConfig}) or a provider ({@link ProviderConfig}). Typed accessors read the common
 * fields; {@link #json()} is the whole item, so fields the SDK does not model are kept when an item
 * is changed and sent back. Immutable.
 *
 * <p>An item read from the server carries its ETag, and so do items built from it with
 * {@code toBuilder()}: {@code updateIfUnchanged} sends it as {@code If-Match}. Secrets read from
 * the server are {@code ***}; sending {@code ***} back keeps the stored value.
 */
public abstract sealed class ConfigItem permits AliasConfig, ProviderConfig {
  private final ObjectNode json;
  private final String etag;
  private final GantryHeaders headers;

  ConfigItem(ObjectNode json, String etag, GantryHeaders headers) {
    ObjectNode copy = Objects.requireNonNull(json, "json").deepCopy();
    copy.remove("etag");
    copy.remove("version");
    if (copy.path("name").asText("").isBlank()) {
      throw new IllegalArgumentException("an item needs a \"name\"");
    }
    this.json = copy;
    this.etag = etag;
    this.headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** Its name: the alias clients call, or the provider deployments name. */
  public final String name() {
    return json.get("name").asText();
  }

  /** The ETag of the stored item this one was read as (or built from), if any. */
  public final Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /** One field, a copy, if present. */
  public final Optional<JsonNode> field(String name) {
    JsonNode value = json.get(name);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /** The whole item as sent on a change, a copy (without the ETag). */
  public final ObjectNode json() {
    return json.deepCopy();
  }

  /** The answer's headers (empty for items inside a list or built here). */
  public final GantryHeaders headers() {
    return headers;
  }

  /** The item's JSON, read-only, for the subclasses. */
  final JsonNode raw() {
    return json;
  }

  /** Optional text of a field. */
  final Optional<String> text(String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** The ETag an answer carries in its {@code etag} field, or null. */
  static String etagOf(ObjectNode answer) {
    JsonNode etag = answer.get("etag");
    return etag == null || etag.isNull() ? null : etag.asText();
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && json.equals(((ConfigItem) o).json)
        && Objects.equals(etag, ((ConfigItem) o).etag);
  }

  @Override
  public final int hashCode() {
    return Objects.hash(json, etag);
  }

  /** The item with literal secrets masked, and its ETag. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + masked(json) + (etag == null ? "" : " etag=" + etag);
  }

  /**
   * A copy with secrets shown as {@code ***} (references such as {@code env:NAME} are shown): the
   * values of secret-named fields and every value of {@code headers} and {@code query_params},
   * as the gateway masks them.
   */
  static JsonNode masked(JsonNode node) {
    JsonNode copy = node.deepCopy();
    mask(copy, false);
    return copy;
  }

  private static void mask(JsonNode node, boolean allSecret) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String f = e.getKey().toLowerCase(Locale.ROOT);
        boolean secret = allSecret || !f.equals("tokenizer") && (f.contains("key")
            || f.contains("secret") || f.contains("token") || f.contains("password")
            || f.contains("credentials"));
        String text = e.getValue().isTextual() ? e.getValue().asText() : null;
        if (secret && text != null && !text.startsWith("env:") && !text.startsWith("file:")) {
          e.setValue(TextNode.valueOf("***"));
        } else {
          mask(e.getValue(), f.equals("headers") || f.equals("query_params"));
        }
      }
    } else if (node instanceof ArrayNode) {
      node.forEach(n -> mask(n, false));
    }
  }

  /**
   * What the item builders share: any field of the schema can be set or removed.
   *
   * @param <B> the builder
   * @param <T> the item it builds
   */
  public abstract static class Builder<B extends Builder<B, T>, T extends ConfigItem> {
    final ObjectNode json;
    final String etag;

    Builder(ObjectNode json, String etag) {
      this.json = json;
      this.etag = etag;
    }

    /** Sets a field of the schema to a JSON value (a copy is kept). */
    public final B set(String field, JsonNode value) {
      Objects.requireNonNull(value, "value");
      json.set(checked(field), value.deepCopy());
      return self();
    }

    /** Sets a text field ({@code description}, a duration such as {@code 30s}...). */
    public final B set(String field, String value) {
      json.put(checked(field), Objects.requireNonNull(value, "value"));
      return self();
    }

    /** Sets a whole-number field. */
    public final B set(String field, long value) {
      json.put(checked(field), value);
      return self();
    }

    /** Sets a true/false field. */
    public final B set(String field, boolean value) {
      json.put(checked(field), value);
      return self();
    }

    /** Removes a field (the schema's default applies). */
    public final B remove(String field) {
      json.remove(checked(field));
      return self();
    }

    /** The item. */
    public abstract T build();

    abstract B self();

    private static String checked(String field) {
      Objects.requireNonNull(field, "field");
      if (field.equals("name") || field.equals("etag") || field.equals("version")) {
        throw new IllegalArgumentException("'" + field + "' is not a field to set here");
      }
      return field;
    }
  }
}
