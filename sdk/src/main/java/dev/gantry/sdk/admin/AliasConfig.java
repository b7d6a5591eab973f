package dev.gantry.sdk.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.GantryHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alias (an entry of {@code models}): the name clients call and the deployments that serve it,
 * with routing, fallbacks, limits, cache and the rest of the schema in {@link #json()}.
 *
 * <pre>{@code
 * AliasConfig chat = AliasConfig.builder("chat")
 *     .addDeployment("gpu-a", "Qwen/Qwen3-8B")
 *     .addDeployment("openai", "gpt-4o-mini", 3)
 *     .set("description", "the support assistant")
 *     .build();
 * }</pre>
 */
public final class AliasConfig extends ConfigItem {

  private AliasConfig(ObjectNode json, String etag, GantryHeaders headers) {
    super(json, etag, headers);
  }

  /** A builder for a new alias named {@code name} (add at least one deployment). */
  public static Builder builder(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", name);
    json.putArray("deployments");
    return new Builder(json, null);
  }

  /** An alias from its JSON in the configuration file's schema (it must have a name). */
  public static AliasConfig of(ObjectNode json) {
    return new AliasConfig(json, null, null);
  }

  static AliasConfig fromAnswer(ObjectNode answer, GantryHeaders headers) {
    return new AliasConfig(answer, etagOf(answer), headers);
  }

  /** Its kind: {@code chat} (when the item does not say), {@code embeddings}... */
  public String kind() {
    return text("kind").orElse("chat");
  }

  /** Its description, if it has one. */
  public Optional<String> description() {
    return text("description");
  }

  /** Its deployments, in order (their other fields are in {@link #json()}). */
  public List<Deployment> deployments() {
    List<Deployment> out = new ArrayList<>();
    for (JsonNode d : raw().path("deployments")) {
      out.add(new Deployment(d.path("provider").asText(), d.path("model").asText(),
          d.path("weight").asInt(1)));
    }
    return List.copyOf(out);
  }

  /** A builder holding this alias, every field and its ETag included. */
  public Builder toBuilder() {
    return new Builder(json(), etag().orElse(null));
  }

  /**
   * One deployment of an alias.
   *
   * @param provider the provider's name
   * @param model the provider's model
   * @param weight its share of traffic under the {@code weighted} strategy (1 unless set)
   */
  public record Deployment(String provider, String model, int weight) {}

  /** Builds an {@link AliasConfig}. */
  public static final class Builder extends ConfigItem.Builder<Builder, AliasConfig> {
    private Builder(ObjectNode json, String etag) {
      super(json, etag);
    }

    /** Its kind: {@code chat}, {@code embeddings}... */
    public Builder kind(String kind) {
      return set("kind", kind);
    }

    /** Its description. */
    public Builder description(String description) {
      return set("description", description);
    }

    /** Adds a deployment: a model of a provider. */
    public Builder addDeployment(String provider, String model) {
      deploymentsArray().addObject().put("provider", Objects.requireNonNull(provider, "provider"))
          .put("model", Objects.requireNonNull(model, "model"));
      return this;
    }

    /** Adds a deployment with a weight (its share under the {@code weighted} strategy). */
    public Builder addDeployment(String provider, String model, int weight) {
      if (weight < 0) {
        throw new IllegalArgumentException("weight must not be negative: " + weight);
      }
      addDeployment(provider, model);
      ArrayNode all = deploymentsArray();
      ((ObjectNode) all.get(all.size() - 1)).put("weight", weight);
      return this;
    }

    /** Removes every deployment (add others before building). */
    public Builder clearDeployments() {
      json.putArray("deployments");
      return this;
    }

    private ArrayNode deploymentsArray() {
      JsonNode d = json.get("deployments");
      return d instanceof ArrayNode a ? a : json.putArray("deployments");
    }

    @Override
    public AliasConfig build() {
      return new AliasConfig(json, etag, null);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
