package dev.gantry.sdk.embeddings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to embed one or more texts. Immutable; build with {@link #builder()} or
 * {@link #of(String, String...)}.
 */
public final class EmbeddingRequest {
  private final String model;
  private final List<String> input;
  private final EncodingFormat encodingFormat;
  private final Integer dimensions;
  private final String user;

  private EmbeddingRequest(Builder b) {
    this.model = b.model;
    this.input = List.copyOf(b.input);
    this.encodingFormat = b.encodingFormat;
    this.dimensions = b.dimensions;
    this.user = b.user;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Embeds {@code texts} with {@code model} (float encoding). */
  public static EmbeddingRequest of(String model, String... texts) {
    return builder().model(model).input(List.of(texts)).build();
  }

  /** The model (alias). */
  public String model() {
    return model;
  }

  /** The texts. */
  public List<String> input() {
    return input;
  }

  /** The wire encoding. */
  public EncodingFormat encodingFormat() {
    return encodingFormat;
  }

  ObjectNode toJson() {
    ObjectNode b = Json.MAPPER.createObjectNode().put("model", model);
    ArrayNode in = b.putArray("input");
    input.forEach(in::add);
    b.put("encoding_format", encodingFormat.wire());
    if (dimensions != null) {
      b.put("dimensions", dimensions);
    }
    if (user != null) {
      b.put("user", user);
    }
    return b;
  }

  @Override
  public String toString() {
    return "EmbeddingRequest[model=" + model + ", inputs=" + input.size() + ", encoding="
        + encodingFormat + "]";
  }

  /** Builds an {@link EmbeddingRequest}; model and at least one input are required. */
  public static final class Builder {
    private String model;
    private final List<String> input = new ArrayList<>();
    private EncodingFormat encodingFormat = EncodingFormat.FLOAT;
    private Integer dimensions;
    private String user;

    private Builder() {}

    /** The model (alias). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Adds one text. */
    public Builder addInput(String text) {
      input.add(Objects.requireNonNull(text, "text"));
      return this;
    }

    /** Adds texts. */
    public Builder input(List<String> texts) {
      texts.forEach(this::addInput);
      return this;
    }

    /** The wire encoding (float by default); both give {@code float[]}. */
    public Builder encodingFormat(EncodingFormat format) {
      this.encodingFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Output dimensions, for models that can shorten their vectors; positive. */
    public Builder dimensions(int dimensions) {
      if (dimensions <= 0) {
        throw new IllegalArgumentException("dimensions must be positive: " + dimensions);
      }
      this.dimensions = dimensions;
      return this;
    }

    /** An end-user id, for abuse tracking. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The request. */
    public EmbeddingRequest build() {
      if (model == null) {
        throw new IllegalStateException("model is required");
      }
      if (input.isEmpty()) {
        throw new IllegalStateException("at least one input is required");
      }
      return new EmbeddingRequest(this);
    }
  }
}
