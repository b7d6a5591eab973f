package dev.gantry.sdk.images;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code POST /v1/images/generations}. Gantry sends {@code created}, {@code data}
 * and, when the provider reports one, {@code usage}; OpenAI's GPT image models also send
 * {@code background}, {@code output_format}, {@code quality} and {@code size}.
 *
 * @param created creation time, epoch seconds
 * @param data the images, in order (empty if the server sent none)
 * @param background {@code transparent} or {@code opaque}, or null
 * @param outputFormat {@code png}, {@code jpeg} or {@code webp}, or null
 * @param quality {@code low}, {@code medium} or {@code high}, or null
 * @param size {@code WIDTHxHEIGHT}, or null
 * @param usage token counts (GPT image models), or null
 * @param headers the answer's headers (request id, deployment, cost...)
 */
public record ImagesResponse(long created, List<Image> data, String background,
    String outputFormat, String quality, String size, Usage usage,
    @JsonIgnore GantryHeaders headers) {

  /** Copies the images; missing headers become none. */
  public ImagesResponse {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** This answer with the answer's headers. */
  public ImagesResponse withHeaders(GantryHeaders headers) {
    return new ImagesResponse(created, data, background, outputFormat, quality, size, usage,
        headers);
  }

  /** The usage, if the server sent it. */
  public Optional<Usage> usageIfPresent() {
    return Optional.ofNullable(usage);
  }

  /**
   * Token counts of an image generation. Missing details read as all-zero details.
   *
   * @param inputTokens prompt tokens (text and input images)
   * @param outputTokens image tokens generated
   * @param totalTokens their sum
   * @param inputTokensDetails the input's text and image tokens
   * @param outputTokensDetails the output's text and image tokens
   */
  public record Usage(int inputTokens, int outputTokens, int totalTokens,
      TokenDetails inputTokensDetails, TokenDetails outputTokensDetails) {
    /** Missing details become all-zero details. */
    public Usage {
      inputTokensDetails = inputTokensDetails == null ? TokenDetails.NONE : inputTokensDetails;
      outputTokensDetails = outputTokensDetails == null ? TokenDetails.NONE : outputTokensDetails;
    }
  }

  /**
   * Tokens by kind.
   *
   * @param textTokens text tokens
   * @param imageTokens image tokens
   */
  public record TokenDetails(int textTokens, int imageTokens) {
    /** All zero: what missing details read as. */
    public static final TokenDetails NONE = new TokenDetails(0, 0);
  }
}
