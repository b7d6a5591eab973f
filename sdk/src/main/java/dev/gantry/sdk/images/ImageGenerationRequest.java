package dev.gantry.sdk.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request to generate images from a prompt. Immutable; build with {@link #builder()} or
 * {@link #of(String, String)}. Only model and prompt are required; what is left unset is not
 * sent, so the server's defaults apply. Which values a model accepts varies (DALL·E 3 makes one
 * image at a time; {@code style} is DALL·E 3's, {@code background} and {@code output_format} are
 * GPT image models'), so that is checked by the server; the builder checks only ranges that hold
 * for every model. Fields the builder lacks go in {@link Builder#extraBody(String, Object)}.
 */
public final class ImageGenerationRequest {
  private static final Set<String> RESERVED = Set.of("model", "prompt", "stream");

  private final String model;
  private final String prompt;
  private final Integer n;
  private final String size;
  private final String quality;
  private final String style;
  private final ImageResponseFormat responseFormat;
  private final ImageFormat outputFormat;
  private final Integer outputCompression;
  private final String background;
  private final String moderation;
  private final String user;
  private final Map<String, Object> extraBody;

  private ImageGenerationRequest(Builder b) {
    this.model = b.model;
    this.prompt = b.prompt;
    this.n = b.n;
    this.size = b.size;
    this.quality = b.quality;
    this.style = b.style;
    this.responseFormat = b.responseFormat;
    this.outputFormat = b.outputFormat;
    this.outputCompression = b.outputCompression;
    this.background = b.background;
    this.moderation = b.moderation;
    this.user = b.user;
    this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraBody));
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** One image of {@code prompt} with {@code model}, the server's defaults for the rest. */
  public static ImageGenerationRequest of(String model, String prompt) {
    return builder().model(model).prompt(prompt).build();
  }

  /** The model (alias). */
  public String model() {
    return model;
  }

  /** The prompt. */
  public String prompt() {
    return prompt;
  }

  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("model", model).put("prompt", prompt);
    if (n != null) {
      o.put("n", n);
    }
    putIfSet(o, "size", size);
    putIfSet(o, "quality", quality);
    putIfSet(o, "style", style);
    putIfSet(o, "response_format", responseFormat == null ? null : responseFormat.wire());
    putIfSet(o, "output_format", outputFormat == null ? null : outputFormat.wire());
    if (outputCompression != null) {
      o.put("output_compression", outputCompression);
    }
    putIfSet(o, "background", background);
    putIfSet(o, "moderation", moderation);
    putIfSet(o, "user", user);
    extraBody.forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
    return o;
  }

  /** The request as JSON, as sent. */
  public String toJsonString() {
    return toJson().toString();
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  /** Shows the model and the options, never the prompt. */
  @Override
  public String toString() {
    return "ImageGenerationRequest[model=" + model + ", n=" + n + ", size=" + size
        + ", responseFormat=" + responseFormat + ", outputFormat=" + outputFormat + "]";
  }

  /** Builds an {@link ImageGenerationRequest}; model and prompt are required. */
  public static final class Builder {
    private String model;
    private String prompt;
    private Integer n;
    private String size;
    private String quality;
    private String style;
    private ImageResponseFormat responseFormat;
    private ImageFormat outputFormat;
    private Integer outputCompression;
    private String background;
    private String moderation;
    private String user;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();

    private Builder() {}

    /** The model (alias). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** What to draw. */
    public Builder prompt(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /** How many images; positive (OpenAI and Gantry take 1 to 10, DALL·E 3 only 1). */
    public Builder n(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive: " + n);
      }
      this.n = n;
      return this;
    }

    /** {@code WIDTHxHEIGHT} ({@code 1024x1024}, {@code 1536x1024}...) or {@code auto}. */
    public Builder size(String size) {
      this.size = Objects.requireNonNull(size, "size");
      return this;
    }

    /**
     * {@code auto}, {@code low}, {@code medium}, {@code high} (GPT image models),
     * {@code standard} or {@code hd} (DALL·E 3).
     */
    public Builder quality(String quality) {
      this.quality = Objects.requireNonNull(quality, "quality");
      return this;
    }

    /** {@code vivid} or {@code natural} (DALL·E 3). */
    public Builder style(String style) {
      this.style = Objects.requireNonNull(style, "style");
      return this;
    }

    /** Bytes or a URL (DALL·E models; Gantry answers bytes only). */
    public Builder responseFormat(ImageResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /** The file format (GPT image models; PNG by default). */
    public Builder outputFormat(ImageFormat outputFormat) {
      this.outputFormat = Objects.requireNonNull(outputFormat, "outputFormat");
      return this;
    }

    /** The compression, 0 to 100 percent, for JPEG and WebP output (GPT image models). */
    public Builder outputCompression(int percent) {
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("outputCompression must be 0 to 100: " + percent);
      }
      this.outputCompression = percent;
      return this;
    }

    /**
     * {@code transparent} (needs PNG or WebP output), {@code opaque} or {@code auto} (GPT image
     * models).
     */
    public Builder background(String background) {
      this.background = Objects.requireNonNull(background, "background");
      return this;
    }

    /** Content moderation: {@code auto} or the less strict {@code low} (GPT image models). */
    public Builder moderation(String moderation) {
      this.moderation = Objects.requireNonNull(moderation, "moderation");
      return this;
    }

    /** An end-user id, for abuse tracking. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * A body field the builder lacks (provider-specific ones), serialized with Jackson;
     * {@code model}, {@code prompt} and {@code stream} cannot be set here (streamed images are not
     * supported).
     */
    public Builder extraBody(String field, Object value) {
      Objects.requireNonNull(field, "field");
      if (RESERVED.contains(field)) {
        throw new IllegalArgumentException(field + " has its own setter or is not supported");
      }
      extraBody.put(field, value);
      return this;
    }

    /** The request; model and prompt are required. */
    public ImageGenerationRequest build() {
      if (model == null) {
        throw new IllegalStateException("model is required");
      }
      if (prompt == null) {
        throw new IllegalStateException("prompt is required");
      }
      return new ImageGenerationRequest(this);
    }
  }
}
