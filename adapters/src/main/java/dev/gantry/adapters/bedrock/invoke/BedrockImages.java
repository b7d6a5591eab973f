package dev.gantry.adapters.bedrock.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Image generation through Bedrock {@code InvokeModel} (pure: no I/O, no signing), for Titan Image
 * Generator, Nova Canvas and Stability's text-to-image models (providers.md §1.8).
 *
 * <ul>
 *   <li>Titan and Nova Canvas: one call, {@code TEXT_IMAGE} with {@code n} as
 *       {@code numberOfImages} (1-5), {@code size} as width/height (Titan's fixed list; Nova's
 *       rule), {@code quality} standard|low|medium → {@code standard}, hd|high|premium →
 *       {@code premium}. Output is PNG. Nova Canvas takes its own {@code style} names
 *       ({@code PHOTOREALISM}...); OpenAI's {@code vivid|natural} are UNSUPPORTED.
 *   <li>Stability: one image per call, so {@code n} calls; {@code size} becomes the aspect ratio
 *       (the model picks the pixels); {@code output_format} png|jpeg.
 *   <li>Request extensions: {@code seed}, {@code negative_prompt}, {@code cfg_scale}
 *       (Titan/Nova), {@code aspect_ratio} (Stability). Stability calls of one request use
 *       {@code seed}, {@code seed+1}, ... so that they differ.
 *   <li>Bedrock returns bytes only: {@code response_format: url} is UNSUPPORTED.
 *   <li>A response {@code error} (Titan/Nova) or a {@code Filter reason} finish reason
 *       (Stability) is CONTENT_FILTERED.
 * </ul>
 */
public final class BedrockImages {

  /** Titan's and Nova Canvas's limit on {@code numberOfImages}. */
  public static final int MAX_IMAGES_PER_CALL = 5;

  private static final long TITAN_MAX_SEED = 2_147_483_646L;
  private static final long NOVA_MAX_SEED = 858_993_459L;
  private static final long STABILITY_MAX_SEED = 4_294_967_294L;

  /**
   * The calls one image request needs.
   *
   * @param requests unsigned InvokeModel requests, answered in this order
   * @param mediaType of every image returned
   */
  public record Plan(ImageFamily family, List<ProviderHttpRequest> requests, String mediaType) {
    public Plan {
      Objects.requireNonNull(family, "family");
      requests = List.copyOf(requests);
      Objects.requireNonNull(mediaType, "mediaType");
    }
  }

  private BedrockImages() {}

  /**
   * Plans the calls for one request.
   *
   * @param modelId the deployment's Bedrock model id (foundation model, inference profile, ARN)
   * @param endpoint the runtime endpoint
   * @param options the deployment's options ({@code family})
   * @throws GatewayException INVALID_REQUEST for values the model cannot take, UNSUPPORTED for
   *     features it lacks
   */
  public static Plan plan(ImageRequest request, String modelId, String endpoint,
      Map<String, String> options) {
    ImageFamily family = ImageFamily.of(modelId, options);
    Hints hints = new Hints(request.extensions(), options);
    if (hints.choice("response_format", "b64_json", "url", "b64_json").equals("url")) {
      throw GatewayException.unsupported("Bedrock image models return the image bytes; use "
          + "response_format 'b64_json'.", "response_format");
    }
    int[] size = ImageSizes.parse(request.size());
    if (family == ImageFamily.STABILITY) {
      return stability(request, modelId, endpoint, hints, size);
    }
    List<ProviderHttpRequest> one = List.of(InvokeModel.request(endpoint, modelId,
        InvokeJson.bytes(textImage(request, family, hints, size))));
    return new Plan(family, one, "image/png");
  }

  /**
   * The images of a plan's calls, in order.
   *
   * @param responses the 2xx answers, one per planned request, in the plan's order
   * @throws GatewayException CONTENT_FILTERED when the model refused the prompt or an image;
   *     UPSTREAM_ERROR when an answer cannot be read
   */
  public static ImageResponse combine(Plan plan, List<UpstreamResponse> responses) {
    if (responses.size() != plan.requests().size()) {
      throw new IllegalArgumentException("expected " + plan.requests().size()
          + " responses, got " + responses.size());
    }
    List<ImageResponse.Image> images = new ArrayList<>();
    for (UpstreamResponse response : responses) {
      JsonNode body = InvokeJson.read(response);
      if (plan.family() == ImageFamily.STABILITY) {
        checkFinishReasons(body.get("finish_reasons"));
      } else {
        JsonNode error = body.get("error");
        if (error != null && error.isTextual() && !error.textValue().isBlank()) {
          throw filtered("The image request was blocked by the model's content filters.");
        }
      }
      JsonNode list = body.get("images");
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw InvokeJson.malformed("an image answer without images");
      }
      for (JsonNode image : list) {
        if (!image.isTextual()) {
          throw InvokeJson.malformed("an image that is not a base64 string");
        }
        images.add(new ImageResponse.Image(image.textValue(), null, plan.mediaType(), null));
      }
    }
    return new ImageResponse(images, null);
  }

  private static ObjectNode textImage(ImageRequest request, ImageFamily family, Hints hints,
      int[] size) {
    boolean nova = family == ImageFamily.NOVA_CANVAS;
    String model = nova ? "Nova Canvas" : "Titan Image Generator";
    if (request.n() < 1 || request.n() > MAX_IMAGES_PER_CALL) {
      throw GatewayException.invalid("Invalid 'n': " + model + " makes 1 to "
          + MAX_IMAGES_PER_CALL + " images per request.", "n");
    }
    if (request.outputFormat() != null && !request.outputFormat().equals("png")) {
      throw GatewayException.unsupported(model + " returns PNG images only.", "output_format");
    }
    ObjectNode body = InvokeJson.object().put("taskType", "TEXT_IMAGE");
    ObjectNode params = body.putObject("textToImageParams").put("text", request.prompt());
    String negative = hints.text("negative_prompt");
    if (negative != null) {
      params.put("negativeText", negative);
    }
    style(request.style(), nova, params);
    ObjectNode config = body.putObject("imageGenerationConfig");
    config.put("numberOfImages", request.n());
    String quality = quality(request.quality());
    if (quality != null) {
      config.put("quality", quality);
    }
    Double cfgScale = hints.number("cfg_scale", 1.1, 10.0);
    if (cfgScale != null) {
      config.put("cfgScale", cfgScale);
    }
    if (size != null) {
      if (nova) {
        ImageSizes.checkNovaCanvas(size);
      } else {
        ImageSizes.checkTitan(size);
      }
      config.put("height", size[1]).put("width", size[0]);
    }
    Long seed = hints.integer("seed", 0, nova ? NOVA_MAX_SEED : TITAN_MAX_SEED);
    if (seed != null) {
      config.put("seed", seed);
    }
    return body;
  }

  private static void style(String style, boolean nova, ObjectNode params) {
    if (style == null) {
      return;
    }
    if (!nova || !style.matches("[A-Z0-9_]+")) {
      throw GatewayException.unsupported(nova
          ? "Nova Canvas takes its own style names (e.g. PHOTOREALISM), not '" + quotable(style)
              + "'."
          : "This Bedrock image model has no 'style' setting.", "style");
    }
    params.put("style", style);
  }

  /** OpenAI's quality words onto Titan's two levels; null for auto or none. */
  private static String quality(String quality) {
    if (quality == null || quality.equals("auto")) {
      return null;
    }
    if (quality.equals("standard") || quality.equals("low") || quality.equals("medium")) {
      return "standard";
    }
    if (quality.equals("hd") || quality.equals("high") || quality.equals("premium")) {
      return "premium";
    }
    throw GatewayException.invalid("Invalid 'quality': expected standard, hd, low, medium, high, "
        + "premium or auto.", "quality");
  }

  private static Plan stability(ImageRequest request, String modelId, String endpoint, Hints hints,
      int[] size) {
    if (request.style() != null) {
      throw GatewayException.unsupported("Stability models on Bedrock have no 'style' setting.",
          "style");
    }
    if (request.quality() != null && !request.quality().equals("auto")
        && !request.quality().equals("standard")) {
      throw GatewayException.unsupported("Stability models on Bedrock have one quality; pick "
          + "the model (Core, SD3.5 Large, Ultra) instead.", "quality");
    }
    if (hints.number("cfg_scale", 0, Double.MAX_VALUE) != null) {
      throw GatewayException.unsupported("Stability models on Bedrock take no 'cfg_scale'.",
          "cfg_scale");
    }
    String format = request.outputFormat() == null ? "png" : request.outputFormat();
    if (!format.equals("png") && !format.equals("jpeg")) {
      throw GatewayException.unsupported("Stability models on Bedrock return png or jpeg.",
          "output_format");
    }
    String ratio = hints.choice("aspect_ratio", null,
        ImageSizes.STABILITY_RATIOS.toArray(new String[0]));
    if (ratio == null && size != null) {
      ratio = ImageSizes.stabilityRatio(size);
    }
    String negative = hints.text("negative_prompt");
    Long seed = hints.integer("seed", 0, STABILITY_MAX_SEED);
    List<ProviderHttpRequest> requests = new ArrayList<>(request.n());
    for (int i = 0; i < request.n(); i++) {
      ObjectNode body = InvokeJson.object().put("prompt", request.prompt());
      if (negative != null) {
        body.put("negative_prompt", negative);
      }
      if (ratio != null) {
        body.put("aspect_ratio", ratio);
      }
      if (seed != null) {
        body.put("seed", (seed + i) % (STABILITY_MAX_SEED + 1));
      }
      body.put("output_format", format);
      requests.add(InvokeModel.request(endpoint, modelId, InvokeJson.bytes(body)));
    }
    return new Plan(ImageFamily.STABILITY, requests, "image/" + format);
  }

  /** Stability's per-image {@code finish_reasons}: null is success. */
  private static void checkFinishReasons(JsonNode reasons) {
    if (reasons == null || !reasons.isArray()) {
      return;
    }
    for (JsonNode reason : reasons) {
      if (reason.isNull()) {
        continue;
      }
      String text = quotable(reason.asText());
      if (text.startsWith("Filter reason")) {
        throw filtered("The image request was blocked by the model's content filter (" + text
            + ").");
      }
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "The image model failed (" + text
          + ").", null, -1, null);
    }
  }

  private static GatewayException filtered(String message) {
    return new GatewayException(ErrorKind.CONTENT_FILTERED, message, null, -1, null);
  }

  /** Upstream or client text made safe to quote: printable ASCII, at most 80 characters. */
  private static String quotable(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < 80; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
