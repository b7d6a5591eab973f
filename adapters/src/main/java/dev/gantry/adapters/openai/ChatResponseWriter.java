package dev.gantry.adapters.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/** Canonical chat response and chunks → the exact OpenAI shapes the client sees. */
final class ChatResponseWriter {

  private ChatResponseWriter() {}

  static Buffer response(ChatResponse r, ResponseMeta meta) {
    return Json.write(g -> {
      header(g, meta, "chat.completion");
      g.writeArrayFieldStart("choices");
      for (ChatResponse.Choice c : r.choices()) {
        choice(g, c);
      }
      g.writeEndArray();
      if (r.usage() != null) {
        g.writeFieldName("usage");
        ResponseParts.write(g, r.usage());
      }
      Json.stringField(g, "system_fingerprint", r.systemFingerprint());
      g.writeEndObject();
    });
  }

  static Buffer chunk(ChatChunk c, ResponseMeta meta, boolean includeUsage) {
    return Json.write(g -> {
      header(g, meta, "chat.completion.chunk");
      g.writeArrayFieldStart("choices");
      for (ChatChunk.Delta d : c.choices()) {
        g.writeStartObject();
        g.writeNumberField("index", d.index());
        delta(g, d);
        ResponseParts.writeLogprobs(g, d.logprobs());
        ResponseParts.writeFinish(g, d.finishReason());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (includeUsage) {
        if (c.usage() == null) {
          g.writeNullField("usage");
        } else {
          g.writeFieldName("usage");
          ResponseParts.write(g, c.usage());
        }
      }
      g.writeEndObject();
    });
  }

  private static void header(JsonGenerator g, ResponseMeta meta, String object) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", meta.id());
    g.writeStringField("object", object);
    g.writeNumberField("created", meta.created());
    g.writeStringField("model", meta.model());
  }

  private static void choice(JsonGenerator g, ChatResponse.Choice c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", c.index());
    g.writeObjectFieldStart("message");
    g.writeStringField("role", "assistant");
    List<ToolCall> calls = c.message().toolCalls();
    if (!c.message().content().isEmpty()) {
      g.writeStringField("content", c.message().text());
    } else if (calls.isEmpty() && c.refusal() == null) {
      g.writeStringField("content", "");
    } else {
      g.writeNullField("content");
    }
    if (c.refusal() == null) {
      g.writeNullField("refusal");
    } else {
      g.writeStringField("refusal", c.refusal());
    }
    Json.stringField(g, "reasoning_content", c.reasoning());
    ThinkingBlocks.write(g, c.reasoningBlocks());
    if (!calls.isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall call : calls) {
        g.writeStartObject();
        g.writeStringField("id", call.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", call.name());
        g.writeStringField("arguments", call.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    ResponseParts.writeLogprobs(g, c.logprobs());
    ResponseParts.writeFinish(g, c.finishReason());
    g.writeEndObject();
  }

  /**
   * A role delta always carries {@code content}: the text, or {@code ""} (null when a tool call
   * starts), as OpenAI's first chunk does.
   */
  private static void delta(JsonGenerator g, ChatChunk.Delta d) throws IOException {
    g.writeObjectFieldStart("delta");
    if (d.role() != null) {
      g.writeStringField("role", d.role().wire());
      if (d.content() != null) {
        g.writeStringField("content", d.content());
      } else if (d.toolCalls().isEmpty()) {
        g.writeStringField("content", "");
      } else {
        g.writeNullField("content");
      }
    } else {
      Json.stringField(g, "content", d.content());
    }
    Json.stringField(g, "reasoning_content", d.reasoning());
    ThinkingBlocks.writeSignature(g, d.reasoningSignature());
    if (!d.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCallDelta t : d.toolCalls()) {
        g.writeStartObject();
        g.writeNumberField("index", t.index());
        if (t.id() != null) {
          g.writeStringField("id", t.id());
          g.writeStringField("type", "function");
        }
        g.writeObjectFieldStart("function");
        Json.stringField(g, "name", t.name());
        Json.stringField(g, "arguments", t.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
