package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.Fields.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The legacy text completions wire format ({@code /v1/completions}), both directions. Responses
 * and chunks are both {@code object: "text_completion"}, as OpenAI streams them. {@code logprobs}
 * is an integer here (alternatives per token, 0..5); {@code max_tokens} may be 0.
 */
public final class OpenAiCompletions {

  private static final Set<String> FIELDS;

  static {
    Set<String> all = new HashSet<>(Params.COMPLETION_FIELDS);
    all.addAll(Set.of("model", "prompt", "stream", "stream_options", "user"));
    FIELDS = Set.copyOf(all);
  }

  private OpenAiCompletions() {}

  /** Client request → canonical: {@code prompt} is a string, strings, token ids or id arrays. */
  public static CompletionRequest readRequest(JsonNode body) {
    Fields.requireObject(body, "");
    String model = Fields.requiredNonEmpty(body, "model", "");
    JsonNode prompt = prompt(body);
    boolean stream = Boolean.TRUE.equals(Fields.optBool(body, "stream", ""));
    JsonNode options = Fields.optObject(body, "stream_options", "");
    if (options != null && !stream) {
      throw GatewayException.invalid("The 'stream_options' parameter is "
          + "only allowed when 'stream' is enabled.", "stream_options");
    }
    boolean includeUsage = options != null
        && Boolean.TRUE.equals(Fields.optBool(options, "include_usage", "stream_options"));
    return new CompletionRequest(model, prompt, Params.readCompletion(body), stream, includeUsage,
        Fields.optString(body, "user", ""), Fields.extensions(body, FIELDS));
  }

  /** Canonical → the client's {@code text_completion} body. */
  public static Buffer writeResponse(CompletionResponse r, ResponseMeta meta) {
    return write(r, meta, false);
  }

  /**
   * Canonical → one streamed {@code text_completion} object, without SSE framing; with
   * {@code includeUsage} a chunk without usage carries {@code "usage":null}.
   */
  public static Buffer writeChunk(CompletionResponse chunk, ResponseMeta meta,
      boolean includeUsage) {
    return write(chunk, meta, includeUsage);
  }

  /** Canonical → the upstream body; a stream always asks for the usage chunk. */
  public static Buffer writeRequest(CompletionRequest r, String upstreamModel, boolean stream) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", upstreamModel);
      g.writeFieldName("prompt");
      g.writeTree(r.prompt());
      Params.writeCompletion(g, r.params());
      g.writeBooleanField("stream", stream);
      if (stream) {
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
      Json.stringField(g, "user", r.user());
      Json.extensions(g, r.extensions(), FIELDS);
      g.writeEndObject();
    });
  }

  /** Upstream {@code text_completion} → canonical. */
  public static CompletionResponse readResponse(JsonNode body) {
    ResponseParts.checkNotError(body);
    if (!body.path("choices").isArray()) {
      throw ResponseParts.malformed("a text completion without choices");
    }
    return readChunk(body);
  }

  /**
   * One upstream stream object → canonical ({@code choices:[]} for the usage chunk).
   *
   * @throws dev.gantry.adapters.spi.GatewayException for an in-stream error object
   */
  public static CompletionResponse readChunk(JsonNode chunk) {
    ResponseParts.checkNotError(chunk);
    JsonNode choices = chunk.path("choices");
    List<CompletionResponse.Choice> out = new ArrayList<>(choices.size());
    for (int i = 0; i < choices.size(); i++) {
      JsonNode c = choices.get(i);
      out.add(new CompletionResponse.Choice(c.path("index").asInt(i), c.path("text").asText(""),
          ResponseParts.finish(c.get("finish_reason")), ResponseParts.orNull(c.get("logprobs"))));
    }
    return new CompletionResponse(out, ResponseParts.read(chunk.get("usage")));
  }

  private static Buffer write(CompletionResponse r, ResponseMeta meta, boolean usageField) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("id", meta.id());
      g.writeStringField("object", "text_completion");
      g.writeNumberField("created", meta.created());
      g.writeStringField("model", meta.model());
      g.writeArrayFieldStart("choices");
      for (CompletionResponse.Choice c : r.choices()) {
        g.writeStartObject();
        g.writeStringField("text", c.text());
        g.writeNumberField("index", c.index());
        ResponseParts.writeLogprobs(g, c.logprobs());
        ResponseParts.writeFinish(g, c.finishReason());
        g.writeEndObject();
      }
      g.writeEndArray();
      usage(g, r, usageField);
      g.writeEndObject();
    });
  }

  private static void usage(JsonGenerator g, CompletionResponse r, boolean nullWhenAbsent)
      throws IOException {
    if (r.usage() != null) {
      g.writeFieldName("usage");
      ResponseParts.write(g, r.usage());
    } else if (nullWhenAbsent) {
      g.writeNullField("usage");
    }
  }

  private static JsonNode prompt(JsonNode body) {
    JsonNode prompt = Fields.present(body, "prompt");
    if (prompt == null) {
      throw Fields.missing("prompt");
    }
    if (prompt.isTextual()) {
      return prompt;
    }
    if (prompt.isArray() && prompt.isEmpty()) {
      throw Fields.emptyArray("prompt");
    }
    if (!prompt.isArray()) {
      throw Fields.type("prompt", "a string, an array of strings or an array of token ids",
          prompt);
    }
    JsonNode first = prompt.get(0);
    for (int i = 0; i < prompt.size(); i++) {
      JsonNode item = prompt.get(i);
      boolean ok = first.isTextual() ? item.isTextual()
          : first.isIntegralNumber() ? item.isIntegralNumber() : isTokenArray(item);
      if (!ok) {
        throw Fields.type(index("prompt", i), first.isTextual() ? "a string"
            : first.isIntegralNumber() ? "an integer" : "an array of integers", item);
      }
    }
    return prompt;
  }

  private static boolean isTokenArray(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      return false;
    }
    for (JsonNode id : node) {
      if (!id.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }
}
