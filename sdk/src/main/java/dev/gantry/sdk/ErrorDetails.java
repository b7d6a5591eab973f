package dev.gantry.sdk;

import java.util.Objects;

/**
 * The parts of an OpenAI-shaped error answer ({@code {"error":{"message","type","param","code"}}})
 * with its status and headers. {@code type}, {@code code} and {@code param} may be null.
 *
 * @param status the HTTP status, 0 when no answer arrived
 * @param message the error's message (never null)
 * @param type the OpenAI error type
 * @param code the OpenAI error code
 * @param param the offending request field
 * @param headers the answer's headers
 */
public record ErrorDetails(
    int status, String message, String type, String code, String param, GantryHeaders headers) {

  /** Checks the message and headers are present. */
  public ErrorDetails {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(headers, "headers");
  }

  /** An error seen by the client alone (no answer: connection failure, timeout). */
  public static ErrorDetails local(String message) {
    return new ErrorDetails(0, message, null, null, null, GantryHeaders.empty());
  }
}
