package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.Json;
import java.io.IOException;

/**
 * An error answer of an AWS rest-json service (Bedrock Runtime, SageMaker Runtime; providers.md
 * §1.5): the error type, from {@code x-amzn-ErrorType} with its
 * {@code :http://internal.amazon.com/...} suffix cut, else from the body's {@code __type} or
 * {@code code} (the part after {@code #}); and the JSON body.
 *
 * @param type the error type, e.g. {@code ThrottlingException}, or null when none was given
 * @param body the body's JSON object, or a missing node when it is empty or not a JSON object
 */
public record AwsErrorResponse(String type, JsonNode body) {

  /** Reads an error response. */
  public static AwsErrorResponse of(UpstreamResponse response) {
    JsonNode body = parse(response.body() == null ? null : response.body().getBytes());
    String type = typeName(response.headers().get("x-amzn-ErrorType"));
    if (type == null) {
      String declared = text(body, "__type") != null ? text(body, "__type") : text(body, "code");
      type = declared == null ? null : typeName(declared.substring(declared.lastIndexOf('#') + 1));
    }
    return new AwsErrorResponse(type, body);
  }

  /**
   * Reads the exception event of an event stream: its {@code :exception-type} (or
   * {@code :error-code}) and JSON payload.
   *
   * @param payload the event's payload, or null
   */
  public static AwsErrorResponse ofEvent(String exceptionType, byte[] payload) {
    return new AwsErrorResponse(typeName(exceptionType), parse(payload));
  }

  /** The body's {@code message} (or {@code Message}, as some services spell it), or null. */
  public String message() {
    String message = text(body, "message");
    return message != null ? message : text(body, "Message");
  }

  /** A non-blank string field of the body, or null. */
  public String text(String field) {
    return text(body, field);
  }

  /** An error type name without its {@code :http://internal.amazon.com/...} suffix, or null. */
  public static String typeName(String value) {
    if (value == null) {
      return null;
    }
    int colon = value.indexOf(':');
    String type = (colon < 0 ? value : value.substring(0, colon)).trim();
    return type.isEmpty() ? null : type;
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Json.MAPPER.missingNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isObject() ? node : Json.MAPPER.missingNode();
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
  }
}
