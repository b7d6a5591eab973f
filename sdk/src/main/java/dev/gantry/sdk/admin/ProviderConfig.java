package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.GantryHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider (an entry of {@code providers}): where deployments are served, with its
 * type-specific settings in {@link #json()}. Literal secrets read from the server are
 * {@code ***}; prefer references ({@code env:NAME}, {@code file:/path}).
 *
 * <pre>{@code
 * ProviderConfig.builder("gpu-b", "openai")
 *     .baseUrl("http://10.0.0.6:8000/v1").apiKey("env:VLLM_KEY").set("timeout", "30s").build();
 * }</pre>
 */
public final class ProviderConfig extends ConfigItem {

  private ProviderConfig(ObjectNode json, String etag, GantryHeaders headers) {
    super(json, etag, headers);
  }

  /** A builder for a new provider: its name and type ({@code openai}, {@code bedrock}...). */
  public static Builder builder(String name, String type) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new Builder(JsonNodeFactory.instance.objectNode().put("name", name)
        .put("type", Objects.requireNonNull(type, "type")), null);
  }

  /** A provider from its JSON in the configuration file's schema, its name included. */
  public static ProviderConfig of(ObjectNode json) {
    return new ProviderConfig(json, null, null);
  }

  static ProviderConfig fromAnswer(ObjectNode answer, GantryHeaders headers) {
    return new ProviderConfig(answer, etagOf(answer), headers);
  }

  /** Its type: {@code openai}, {@code ollama}, {@code bedrock}, {@code vertex}... */
  public String type() {
    return text("type").orElse("");
  }

  /** Its base URL, for the types that have one. */
  public Optional<String> baseUrl() {
    return text("base_url");
  }

  /** A builder holding this provider, every field and its ETag included. */
  public Builder toBuilder() {
    return new Builder(json(), etag().orElse(null));
  }

  /** Builds a {@link ProviderConfig}. */
  public static final class Builder extends ConfigItem.Builder<Builder, ProviderConfig> {
    private Builder(ObjectNode json, String etag) {
      super(json, etag);
    }

    /** Its base URL. */
    public Builder baseUrl(String baseUrl) {
      return set("base_url", baseUrl);
    }

    /** Its API key: a reference ({@code env:NAME}, {@code file:/path}) or the key itself. */
    public Builder apiKey(String apiKey) {
      return set("api_key", apiKey);
    }

    @Override
    public ProviderConfig build() {
      return new ProviderConfig(json, etag, null);
    }

    @Override
    ProviderConfig.Builder self() {
      return this;
    }
  }
}
