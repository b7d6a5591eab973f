package dev.gantry.adapters.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Legacy completions between their whole and streamed forms. {@link #chunks} tells a whole
 * response as a stream would have: per choice one chunk with its text, logprobs and finish reason,
 * then the usage chunk. {@link #assemble} is the inverse for any stream: per choice its text
 * concatenated, its logprobs' arrays ({@code tokens}, {@code token_logprobs},
 * {@code top_logprobs}, {@code text_offset}) concatenated, its finish reason; the last usage
 * reported.
 */
public final class CompletionReplay {

  private CompletionReplay() {}

  /** The chunks, in order. */
  public static List<CompletionResponse> chunks(CompletionResponse response) {
    List<CompletionResponse> chunks = new ArrayList<>();
    for (CompletionResponse.Choice choice : response.choices()) {
      chunks.add(new CompletionResponse(List.of(choice), null));
    }
    if (response.usage() != null) {
      chunks.add(new CompletionResponse(List.of(), response.usage()));
    }
    return chunks;
  }

  /** The whole response the chunks told, choices in index order. */
  public static CompletionResponse assemble(List<CompletionResponse> chunks) {
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, FinishReason> finishes = new TreeMap<>();
    Map<Integer, JsonNode> logprobs = new TreeMap<>();
    Usage usage = null;
    for (CompletionResponse chunk : chunks) {
      for (CompletionResponse.Choice c : chunk.choices()) {
        StringBuilder text = texts.computeIfAbsent(c.index(), i -> new StringBuilder());
        if (c.text() != null) {
          text.append(c.text());
        }
        if (c.finishReason() != null) {
          finishes.put(c.index(), c.finishReason());
        }
        if (c.logprobs() != null && !c.logprobs().isNull()) {
          logprobs.merge(c.index(), c.logprobs(), CompletionReplay::concat);
        }
      }
      if (chunk.usage() != null) {
        usage = chunk.usage();
      }
    }
    List<CompletionResponse.Choice> choices = new ArrayList<>();
    texts.forEach((i, text) -> choices.add(new CompletionResponse.Choice(i, text.toString(),
        finishes.get(i), logprobs.get(i))));
    return new CompletionResponse(choices, usage);
  }

  /** Two logprobs objects as one: array fields concatenated, other fields the later one's. */
  private static JsonNode concat(JsonNode earlier, JsonNode later) {
    if (!earlier.isObject() || !later.isObject()) {
      return later;
    }
    ObjectNode out = ((ObjectNode) earlier).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = later.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode mine = out.get(field.getKey());
      if (mine != null && mine.isArray() && field.getValue().isArray()) {
        ArrayNode joined = JsonNodeFactory.instance.arrayNode();
        joined.addAll((ArrayNode) mine).addAll((ArrayNode) field.getValue());
        out.set(field.getKey(), joined);
      } else {
        out.set(field.getKey(), field.getValue());
      }
    }
    return out;
  }
}
