package dev.gantry.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OpenAI image generation wire format ({@code /v1/images/generations}), both directions. The
 * client's {@code response_format} ({@code url|b64_json}) is validated and then passed through
 * upstream as an extension, since only the provider can honour it.
 */
public final class OpenAiImages {

  private static final Set<String> FIELDS =
      Set.of("model", "prompt", "n", "size", "quality", "style", "output_format", "user");

  private OpenAiImages() {}

  /** Client request → canonical: {@code prompt} required, {@code n} 1..10 (default 1). */
  public static ImageRequest readRequest(JsonNode body) {
    Fields.requireObject(body, "");
    String model = Fields.requiredNonEmpty(body, "model", "");
    String prompt = Fields.requiredNonEmpty(body, "prompt", "");
    Integer n = Fields.optInt(body, "n", "", 1, 10);
    Fields.optOneOf(body, "response_format", "", "url", "b64_json");
    return new ImageRequest(model, prompt, n == null ? 1 : n, Fields.optString(body, "size", ""),
        Fields.optString(body, "quality", ""), Fields.optString(body, "style", ""),
        Fields.optOneOf(body, "output_format", "", "png", "jpeg", "webp"),
        Fields.optString(body, "user", ""), Fields.extensions(body, FIELDS));
  }

  /**
   * Canonical → the client's {@code ImagesResponse}. A usage always carries
   * {@code input_tokens_details} (OpenAI's schema requires it, and the official Java SDK fails
   * on a usage without it): the provider's image tokens, the rest of the input as text tokens.
   */
  public static Buffer writeResponse(ImageResponse r, long created) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeNumberField("created", created);
      g.writeArrayFieldStart("data");
      for (ImageResponse.Image image : r.images()) {
        g.writeStartObject();
        Json.stringField(g, "b64_json", image.b64());
        Json.stringField(g, "url", image.url());
        Json.stringField(g, "revised_prompt", image.revisedPrompt());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (r.usage() != null) {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("total_tokens", r.usage().totalTokens());
        g.writeNumberField("input_tokens", r.usage().promptTokens());
        g.writeNumberField("output_tokens", r.usage().completionTokens());
        g.writeObjectFieldStart("input_tokens_details");
        g.writeNumberField("text_tokens", r.usage().promptTokens() - r.inputImageTokens());
        g.writeNumberField("image_tokens", r.inputImageTokens());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }

  /** Canonical → the upstream body. */
  public static Buffer writeRequest(ImageRequest r, String upstreamModel) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", upstreamModel);
      g.writeStringField("prompt", r.prompt());
      g.writeNumberField("n", r.n());
      Json.stringField(g, "size", r.size());
      Json.stringField(g, "quality", r.quality());
      Json.stringField(g, "style", r.style());
      Json.stringField(g, "output_format", r.outputFormat());
      Json.stringField(g, "user", r.user());
      Json.extensions(g, r.extensions(), FIELDS);
      g.writeEndObject();
    });
  }

  /**
   * Upstream {@code ImagesResponse} → canonical. The media type follows {@code output_format}
   * when the provider names one; usage maps input → prompt and output → completion tokens, and
   * keeps how many input tokens were image tokens.
   */
  public static ImageResponse readResponse(JsonNode body) {
    ResponseParts.checkNotError(body);
    JsonNode data = body.get("data");
    if (data == null || !data.isArray()) {
      throw ResponseParts.malformed("an images response without data");
    }
    String format = body.path("output_format").asText(null);
    String mediaType = format == null ? null : "image/" + format;
    List<ImageResponse.Image> images = new ArrayList<>(data.size());
    for (JsonNode item : data) {
      images.add(new ImageResponse.Image(item.path("b64_json").asText(null),
          item.path("url").asText(null), mediaType, item.path("revised_prompt").asText(null)));
    }
    JsonNode usage = body.get("usage");
    if (usage == null || !usage.isObject()) {
      return new ImageResponse(images, null);
    }
    Usage u = Usage.of(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0));
    int imageTokens = usage.path("input_tokens_details").path("image_tokens").asInt(0);
    return new ImageResponse(images, u, Math.max(0, Math.min(imageTokens, u.promptTokens())));
  }
}
