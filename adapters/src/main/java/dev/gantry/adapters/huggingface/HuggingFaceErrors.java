package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.huggingface.tgi.TgiErrors;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.Locale;

/**
 * Maps the errors of Hugging Face servers onto the taxonomy (pure). Bodies understood (providers.md
 * §4):
 * <ul>
 *   <li>TGI and TEI: {@code {"error": "...", "error_type": "validation|generation|overloaded|..."}}
 *       (TEI's types: Unhealthy, Backend, Overloaded, Validation, Tokenizer, Empty);</li>
 *   <li>TEI's {@code /v1/embeddings}: {@code {"message", "code", "error_type"}} (its examples say
 *       {@code type});</li>
 *   <li>the router and the Hub: {@code {"error": "Invalid username or password."}};</li>
 *   <li>a scale-to-zero endpoint or the serverless API while a model loads: 503, maybe with
 *       {@code {"error": "Model X is currently loading", "estimated_time": 577.3}};</li>
 *   <li>OpenAI's {@code {"error": {...}}}, passed through by the router from its providers, is
 *       read by {@link OpenAiErrors}.</li>
 * </ul>
 * Mapping: a message about input length ({@link TgiErrors#isContextLength}: TGI's "`inputs`
 * tokens + `max_new_tokens` must be <= N", TGI's and TEI's "`inputs` must have less than N
 * tokens") is {@code context_length_exceeded} whatever the status (TGI 422/424, TEI 413); 429, an {@code overloaded} type or "model is
 * overloaded" is an upstream rate limit; 503 is {@code upstream_unavailable} (retryable), its
 * {@code estimated_time} or {@code Retry-After} becoming the retry-after; other 400/413/422
 * (validation, batch size, tokenization) are 400 with the server's message; 424 (a generation or
 * embedding failure) is an upstream error. Only the server's own message travels, shortened.
 */
public final class HuggingFaceErrors {

  private static final int MAX_MESSAGE = 300;

  private HuggingFaceErrors() {}

  /**
   * The error mapper of one call.
   *
   * @param param the request field a length error names: {@code messages} for chat,
   *     {@code input} for embeddings
   */
  public static ErrorMapper mapper(String param) {
    return response -> fromResponse(response, param);
  }

  /** Maps one error response; see the class comment. */
  public static GatewayException fromResponse(UpstreamResponse response, String param) {
    JsonNode body = parse(response);
    if (body.path("error").isObject()) {
      return OpenAiErrors.fromResponse(response);
    }
    int status = response.status();
    String message = message(body);
    String type = text(body.path("error_type"), text(body.path("type"), ""))
        .toLowerCase(Locale.ROOT);
    String shown = message != null ? message
        : "The Hugging Face server answered HTTP " + status + " without an error message.";
    if (status == 503) {
      return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
          "The Hugging Face endpoint is not available (HTTP 503)"
              + (message == null ? "." : ": " + message), null,
          retryAfterSeconds(response), null);
    }
    if (message != null && TgiErrors.isContextLength(message)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH, message, param, -1, null);
    }
    if (status == 429 || type.equals("overloaded")
        || (message != null && message.toLowerCase(Locale.ROOT).contains("model is overloaded"))) {
      return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED,
          "The Hugging Face server is overloaded: " + shown, null, response.retryAfterSeconds(),
          null);
    }
    if (status == 400 || status == 413 || status == 422) {
      return new GatewayException(ErrorKind.INVALID_REQUEST, shown, null, -1, null);
    }
    if (status == 424) {
      return new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Hugging Face server failed to run the model: " + shown, null, -1, null);
    }
    return UpstreamErrors.forStatus(status, "Hugging Face: " + shown,
        response.retryAfterSeconds());
  }

  /**
   * How long a 503 asks to wait, in milliseconds: its body's {@code estimated_time} (seconds,
   * fractional), else its {@code Retry-After} seconds; -1 when it says neither.
   */
  static long waitHintMillis(UpstreamResponse response) {
    JsonNode estimated = parse(response).path("estimated_time");
    if (estimated.isNumber() && estimated.doubleValue() >= 0) {
      return (long) Math.ceil(estimated.doubleValue() * 1000);
    }
    long retryAfter = response.retryAfterSeconds();
    return retryAfter >= 0 ? retryAfter * 1000 : -1;
  }

  private static long retryAfterSeconds(UpstreamResponse response) {
    long millis = waitHintMillis(response);
    return millis < 0 ? -1 : (millis + 999) / 1000;
  }

  /** The body's {@code error} (or TEI's OpenAI-route {@code message}), shortened, or null. */
  private static String message(JsonNode body) {
    String text = text(body.path("error"), text(body.path("message"), null));
    if (text == null || text.isBlank()) {
      return null;
    }
    String m = text.strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
  }

  private static String text(JsonNode node, String fallback) {
    return node.isTextual() ? node.textValue() : fallback;
  }

  /** The body as JSON, or a missing node when it is not JSON (an HTML error page). */
  private static JsonNode parse(UpstreamResponse response) {
    try {
      JsonNode node = Json.MAPPER.readTree(response.body().getBytes());
      return node == null ? Json.MAPPER.missingNode() : node;
    } catch (IOException | RuntimeException e) {
      return Json.MAPPER.missingNode();
    }
  }
}
