package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.Fields.index;
import static dev.gantry.adapters.openai.Fields.optString;
import static dev.gantry.adapters.openai.Fields.path;
import static dev.gantry.adapters.openai.Fields.requiredString;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ReasoningBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reasoning blocks on the OpenAI wire, as LiteLLM shapes them (OpenAI itself has no such field):
 * {@code thinking_blocks: [{"type":"thinking","thinking":"...","signature":"..."} |
 * {"type":"redacted_thinking","data":"..."}]} beside {@code reasoning_content}. A streamed
 * signature is a {@code thinking_blocks} entry with an empty {@code thinking}.
 */
final class ThinkingBlocks {

  static final String FIELD = "thinking_blocks";

  private ThinkingBlocks() {}

  /**
   * The reasoning a client sends back on an assistant message: its {@code thinking_blocks}, else
   * its {@code reasoning_content} as one unsigned text block, else none.
   */
  static List<ReasoningBlock> readRequest(JsonNode m, String at) {
    JsonNode blocks = Fields.optArray(m, FIELD, at);
    if (blocks != null) {
      List<ReasoningBlock> out = new ArrayList<>(blocks.size());
      for (int i = 0; i < blocks.size(); i++) {
        out.add(block(blocks.get(i), index(path(at, FIELD), i)));
      }
      return out;
    }
    String text = optString(m, "reasoning_content", at);
    return text == null || text.isEmpty() ? List.of() : List.of(ReasoningBlock.text(text, null));
  }

  private static ReasoningBlock block(JsonNode b, String at) {
    Fields.requireObject(b, at);
    String type = requiredString(b, "type", at);
    if ("thinking".equals(type)) {
      return ReasoningBlock.text(requiredString(b, "thinking", at),
          optString(b, "signature", at));
    }
    if ("redacted_thinking".equals(type)) {
      return ReasoningBlock.redacted(requiredString(b, "data", at));
    }
    throw Fields.invalidValue(type, path(at, "type"), "thinking", "redacted_thinking");
  }

  /**
   * The blocks an upstream OpenAI-compatible server sent, read tolerantly: entries that are not
   * well-formed thinking blocks are skipped.
   */
  static List<ReasoningBlock> readUpstream(JsonNode message) {
    JsonNode blocks = message.get(FIELD);
    if (blocks == null || !blocks.isArray()) {
      return List.of();
    }
    List<ReasoningBlock> out = new ArrayList<>(blocks.size());
    for (JsonNode b : blocks) {
      String type = b.path("type").asText();
      String signature = text(b.get("signature"));
      if ("thinking".equals(type) && b.path("thinking").isTextual()) {
        out.add(ReasoningBlock.text(b.get("thinking").textValue(), signature));
      } else if ("redacted_thinking".equals(type) && text(b.get("data")) != null) {
        out.add(ReasoningBlock.redacted(b.get("data").textValue()));
      }
    }
    return out;
  }

  /** The signature of a streamed {@code thinking_blocks} entry, or null. */
  static String upstreamSignature(JsonNode delta) {
    JsonNode blocks = delta.get(FIELD);
    if (blocks == null || !blocks.isArray()) {
      return null;
    }
    for (JsonNode b : blocks) {
      String signature = text(b.get("signature"));
      if (signature != null) {
        return signature;
      }
    }
    return null;
  }

  /**
   * Writes {@code thinking_blocks} when the blocks carry more than their text (a signature or
   * redacted data); plain text is already in {@code reasoning_content}.
   */
  static void write(JsonGenerator g, List<ReasoningBlock> blocks) throws IOException {
    if (blocks.stream().noneMatch(b -> b.isRedacted() || b.signature() != null)) {
      return;
    }
    g.writeArrayFieldStart(FIELD);
    for (ReasoningBlock b : blocks) {
      g.writeStartObject();
      if (b.isRedacted()) {
        g.writeStringField("type", "redacted_thinking");
        g.writeStringField("data", b.redacted());
      } else {
        g.writeStringField("type", "thinking");
        g.writeStringField("thinking", b.text());
        Json.stringField(g, "signature", b.signature());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A streamed signature: {@code [{"type":"thinking","thinking":"","signature":...}]}. */
  static void writeSignature(JsonGenerator g, String signature) throws IOException {
    if (signature == null) {
      return;
    }
    g.writeArrayFieldStart(FIELD);
    g.writeStartObject();
    g.writeStringField("type", "thinking");
    g.writeStringField("thinking", "");
    g.writeStringField("signature", signature);
    g.writeEndObject();
    g.writeEndArray();
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue()
        : null;
  }
}
