package dev.gantry.adapters.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Canonical chat request → the body an OpenAI-compatible server accepts.
 *
 * <p>An assistant message's reasoning ({@link Message#reasoning()}) is not sent: OpenAI's API has
 * no such input field, and the servers behind this writer (vLLM, SGLang, TGI, llama.cpp) reject or
 * ignore {@code reasoning_content}/{@code thinking_blocks} on input, their chat templates dropping
 * past reasoning anyway.
 */
final class ChatRequestWriter {

  private ChatRequestWriter() {}

  static Buffer write(ChatRequest r, String upstreamModel, boolean stream) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", upstreamModel);
      g.writeArrayFieldStart("messages");
      for (Message m : r.messages()) {
        message(g, m);
      }
      g.writeEndArray();
      Params.writeChat(g, r.params());
      tools(g, r.tools());
      toolChoice(g, r.toolChoice());
      responseFormat(g, r.responseFormat());
      g.writeBooleanField("stream", stream);
      if (stream) {
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
      Json.stringField(g, "user", r.user());
      Json.extensions(g, r.extensions(), ChatRequestReader.FIELDS);
      g.writeEndObject();
    });
  }

  private static void message(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role().wire());
    g.writeFieldName("content");
    content(g, m);
    Json.stringField(g, "name", m.name());
    Json.stringField(g, "tool_call_id", m.toolCallId());
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** One text part → a string; no parts → null (assistant) or ""; else an array of parts. */
  private static void content(JsonGenerator g, Message m) throws IOException {
    List<ContentPart> parts = m.content();
    if (parts.isEmpty()) {
      if (m.role() == Role.ASSISTANT) {
        g.writeNull();
      } else {
        g.writeString("");
      }
      return;
    }
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text) {
      g.writeString(((ContentPart.Text) parts.get(0)).text());
      return;
    }
    g.writeStartArray();
    for (ContentPart part : parts) {
      g.writeStartObject();
      if (part instanceof ContentPart.Text) {
        g.writeStringField("type", "text");
        g.writeStringField("text", ((ContentPart.Text) part).text());
      } else {
        ContentPart.Image image = (ContentPart.Image) part;
        g.writeStringField("type", "image_url");
        g.writeObjectFieldStart("image_url");
        g.writeStringField("url", image.source().toUrl());
        Json.stringField(g, "detail", image.detail());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void tools(JsonGenerator g, List<ToolDefinition> tools) throws IOException {
    if (tools.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("tools");
    for (ToolDefinition t : tools) {
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", t.name());
      Json.stringField(g, "description", t.description());
      if (t.parameters() != null) {
        g.writeFieldName("parameters");
        g.writeTree(t.parameters());
      }
      Json.booleanField(g, "strict", t.strict());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void toolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    if (choice == null) {
      return;
    }
    if (choice.mode() != ToolChoice.Mode.FUNCTION) {
      g.writeStringField("tool_choice", choice.mode().name().toLowerCase(Locale.ROOT));
      return;
    }
    g.writeObjectFieldStart("tool_choice");
    g.writeStringField("type", "function");
    g.writeObjectFieldStart("function");
    g.writeStringField("name", choice.function());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void responseFormat(JsonGenerator g, ResponseFormat format) throws IOException {
    if (format == null) {
      return;
    }
    g.writeObjectFieldStart("response_format");
    g.writeStringField("type", format.type().name().toLowerCase(Locale.ROOT));
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      g.writeObjectFieldStart("json_schema");
      Json.stringField(g, "name", format.name());
      g.writeFieldName("schema");
      g.writeTree(format.schema());
      Json.booleanField(g, "strict", format.strict());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
