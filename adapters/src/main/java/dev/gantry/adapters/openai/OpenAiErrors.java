package dev.gantry.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI error bodies: writing the client's {@code {"error":{message,type,param,code}}}, and
 * mapping what OpenAI-compatible servers send onto the taxonomy. Understood bodies: OpenAI's and
 * newer vLLM's {@code {"error":{...}}} (an int {@code code} too), older vLLM's
 * {@code {"object":"error","message",...,"code":400}}, llama.cpp's
 * {@code {"error":{"code":503,"message","type"}}}, TGI's {@code {"error":"...","error_type"}},
 * FastAPI's {@code {"detail":...}}; anything else (HTML) is reported by status only. Only the
 * provider's own message travels, cut to {@value #MAX_MESSAGE} characters.
 */
public final class OpenAiErrors {

  static final int MAX_MESSAGE = 500;

  /** Phrases (lower case) by which servers report a prompt that does not fit the context. */
  private static final List<String> CONTEXT_PHRASES = List.of(
      "maximum context length", // OpenAI, vLLM < 0.16
      "context_length_exceeded", // OpenAI code
      "model's context length", // vLLM >= 0.16 ("context length is only"), SGLang ("longer than")
      "exceed_context_size", // llama.cpp type
      "exceeds the available context size", // llama.cpp message
      "`inputs` must have less than"); // TGI

  private OpenAiErrors() {}

  /** The client's error body for {@code e}: type and code come from its kind. */
  public static Buffer write(GatewayException e) {
    ErrorKind kind = e.kind();
    return Json.write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", e.getMessage() == null ? "" : e.getMessage());
      g.writeStringField("type", kind.type());
      g.writeStringField("param", e.param());
      g.writeStringField("code", kind.code());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** The error mapper for an OpenAI-compatible upstream's non-2xx response. */
  public static GatewayException fromResponse(UpstreamResponse r) {
    Parsed p = parse(r.body());
    String message = p.message() != null ? p.message()
        : "The upstream model server answered HTTP " + r.status() + " without an error message.";
    GatewayException special = special(p, message);
    if (special != null) {
      return special;
    }
    GatewayException e = UpstreamErrors.forStatus(r.status(), message, r.retryAfterSeconds());
    if (e.kind() == ErrorKind.INVALID_REQUEST && p.param() != null) {
      return new GatewayException(e.kind(), e.getMessage(), p.param(), e.retryAfterSeconds(), null);
    }
    return e;
  }

  /**
   * Maps an error event inside a 200 stream ({@code data: {"error":...}} from vLLM, llama.cpp,
   * TGI). Its status comes from an integer {@code code} when there is one, else from the type.
   *
   * @param event the event's JSON object, the one holding {@code error}
   */
  public static GatewayException fromStreamError(JsonNode event) {
    Parsed p = parse(event);
    String message = p.message() != null ? p.message()
        : "The upstream model server reported an error inside the stream.";
    GatewayException special = special(p, message);
    if (special != null) {
      return special;
    }
    int status = p.status() >= 400 && p.status() < 600 ? p.status() : statusOf(p.type());
    return UpstreamErrors.forStatus(status, message, -1);
  }

  private static GatewayException special(Parsed p, String message) {
    String haystack = (message + ' ' + p.type() + ' ' + p.code()).toLowerCase(Locale.ROOT);
    if (isContextLength(haystack)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH, message, "messages", -1, null);
    }
    if ("content_filter".equals(p.code()) || "content_policy_violation".equals(p.code())) {
      return new GatewayException(ErrorKind.CONTENT_FILTERED, message, null, -1, null);
    }
    return null;
  }

  private static boolean isContextLength(String haystack) {
    for (String phrase : CONTEXT_PHRASES) {
      if (haystack.contains(phrase)) {
        return true;
      }
    }
    // TGI: "`inputs` tokens + `max_new_tokens` must be <= 1512"
    return haystack.contains("must be <= ") && haystack.contains("tokens");
  }

  private static int statusOf(String type) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (t.contains("rate_limit") || t.contains("ratelimit") || t.contains("overloaded")) {
      return 429;
    }
    if (t.contains("unavailable")) {
      return 503;
    }
    if (t.contains("invalid_request") || t.contains("badrequest") || t.contains("validation")) {
      return 400;
    }
    return 500;
  }

  private static Parsed parse(Buffer body) {
    try {
      return parse(Json.MAPPER.readTree(body.getBytes()));
    } catch (IOException | RuntimeException e) {
      return new Parsed(null, null, null, null, -1);
    }
  }

  private static Parsed parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new Parsed(null, null, null, null, -1);
    }
    JsonNode error = node.get("error");
    if (error != null && error.isObject()) {
      return fields(error);
    }
    if (error != null && error.isTextual()) {
      return new Parsed(trim(error.textValue()), text(node.get("error_type")), null, null, -1);
    }
    JsonNode detail = node.get("detail");
    if (detail != null && !node.has("message")) {
      String msg = detail.isTextual() ? detail.textValue()
          : detail.isArray() && detail.size() > 0 ? detail.get(0).path("msg").asText(null) : null;
      return new Parsed(trim(msg), null, null, null, -1);
    }
    return fields(node);
  }

  private static Parsed fields(JsonNode n) {
    JsonNode code = n.get("code");
    int status = code != null && code.isIntegralNumber() ? code.intValue() : -1;
    String codeText = code == null || code.isNull() ? null : code.asText();
    return new Parsed(trim(text(n.get("message"))), text(n.get("type")), text(n.get("param")),
        codeText, status);
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  private static String trim(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String m = message.strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
  }

  /** What an error body said; every field may be null, {@code status} -1 when not given. */
  private record Parsed(String message, String type, String param, String code, int status) {}
}
