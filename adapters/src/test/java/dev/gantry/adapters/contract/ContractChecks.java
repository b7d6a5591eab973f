package dev.gantry.adapters.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What "sane canonical output" means for each operation, whatever the provider: the shape the
 * gateway's encoder relies on, not the provider's particular words.
 */
final class ContractChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContractChecks() {}

  /** One choice with text, a finish reason and usage (absent when the provider reports none). */
  static void answer(ChatResponse r, boolean reportsUsage) {
    ChatResponse.Choice choice = onlyChoice(r);
    assertThat(choice.message().text()).as("answer text").isNotBlank();
    assertThat(choice.message().toolCalls()).as("tool calls without tools").isEmpty();
    assertThat(choice.finishReason()).as("finish reason").isNotNull();
    usage(r.usage(), reportsUsage);
  }

  /** One choice calling at least one tool, each with an id, a name and JSON-object arguments. */
  static void toolCalls(ChatResponse r, boolean reportsUsage) {
    ChatResponse.Choice choice = onlyChoice(r);
    assertThat(choice.finishReason()).as("finish reason").isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(choice.message().toolCalls()).as("tool calls").isNotEmpty();
    for (ToolCall call : choice.message().toolCalls()) {
      assertThat(call.id()).as("tool call id").isNotBlank();
      assertThat(call.name()).as("tool call name").isNotBlank();
      jsonObject(call.arguments(), "tool call arguments");
    }
    usage(r.usage(), reportsUsage);
  }

  /** An answer whose text is a JSON object. */
  static void jsonAnswer(ChatResponse r, boolean reportsUsage) {
    answer(r, reportsUsage);
    jsonObject(r.choices().get(0).message().text(), "answer text");
  }

  /** An answer with OpenAI-shaped logprobs: a non-empty {@code content} list. */
  static void logprobs(ChatResponse r, boolean reportsUsage) {
    answer(r, reportsUsage);
    JsonNode logprobs = r.choices().get(0).logprobs();
    assertThat(logprobs).as("logprobs").isNotNull();
    assertThat(logprobs.path("content").isArray() && !logprobs.path("content").isEmpty())
        .as("logprobs.content is a non-empty list: %s", logprobs).isTrue();
  }

  /**
   * Role first, then text deltas, one finish delta last of choice 0, usage alone in the last
   * item (when the provider reports it), and nowhere else.
   */
  static void textStream(List<ChatChunk> items, boolean reportsUsage) {
    List<ChatChunk.Delta> deltas = streamDeltas(items, reportsUsage);
    StringBuilder text = new StringBuilder();
    deltas.forEach(d -> text.append(d.content() == null ? "" : d.content()));
    assertThat(text).as("streamed text").isNotEmpty();
    assertThat(deltas).as("tool calls without tools").allSatisfy(d ->
        assertThat(d.toolCalls()).isEmpty());
  }

  /**
   * A stream of tool calls: each call's first delta has its id and name, later ones argument
   * fragments only, the fragments join into a JSON object, and the finish reason is
   * {@code tool_calls}.
   */
  static void toolCallStream(List<ChatChunk> items, boolean reportsUsage) {
    List<ChatChunk.Delta> deltas = streamDeltas(items, reportsUsage);
    assertThat(deltas.get(deltas.size() - 1).finishReason()).as("finish reason")
        .isEqualTo(FinishReason.TOOL_CALLS);
    Map<Integer, StringBuilder> arguments = new TreeMap<>();
    for (ChatChunk.Delta d : deltas) {
      for (ToolCallDelta t : d.toolCalls()) {
        boolean first = !arguments.containsKey(t.index());
        if (first) {
          assertThat(t.id()).as("tool call %d id", t.index()).isNotBlank();
          assertThat(t.name()).as("tool call %d name", t.index()).isNotBlank();
          arguments.put(t.index(), new StringBuilder());
        } else {
          assertThat(t.id()).as("tool call %d id repeated", t.index()).isNull();
          assertThat(t.name()).as("tool call %d name repeated", t.index()).isNull();
        }
        arguments.get(t.index()).append(t.arguments() == null ? "" : t.arguments());
      }
    }
    assertThat(arguments).as("streamed tool calls").isNotEmpty();
    arguments.forEach((index, args) -> jsonObject(args.toString(), "tool call " + index
        + " arguments"));
  }

  /** One choice with text, a finish reason and usage. */
  static void completion(CompletionResponse r, boolean reportsUsage) {
    assertThat(r.choices()).as("choices").hasSize(1);
    CompletionResponse.Choice choice = r.choices().get(0);
    assertThat(choice.index()).as("choice index").isZero();
    assertThat(choice.text()).as("completion text").isNotBlank();
    assertThat(choice.finishReason()).as("finish reason").isNotNull();
    usage(r.usage(), reportsUsage);
  }

  /** One vector per input, all of one non-zero dimension and finite. */
  static void vectors(EmbeddingResponse r, int inputs) {
    assertThat(r.vectors()).as("one vector per input").hasSize(inputs);
    int dimension = r.vectors().get(0).length;
    assertThat(dimension).as("dimension").isPositive();
    for (float[] vector : r.vectors()) {
      assertThat(vector).as("vector dimension").hasSize(dimension);
      for (float value : vector) {
        assertThat(Float.isFinite(value)).as("finite vector values").isTrue();
      }
    }
  }

  /** Embedding usage: prompt tokens only; none at all from a provider that reports none. */
  static void embeddingUsage(Usage usage, boolean reportsUsage) {
    if (!reportsUsage) {
      assertThat(usage).as("usage from a provider without counts (the gateway counts)").isNull();
      return;
    }
    assertThat(usage).as("usage").isNotNull();
    assertThat(usage.promptTokens()).as("prompt tokens").isPositive();
    assertThat(usage.completionTokens()).as("completion tokens").isZero();
  }

  /** At least one image, each as bytes or a URL. */
  static void images(ImageResponse r) {
    assertThat(r.images()).as("images").isNotEmpty();
    for (ImageResponse.Image image : r.images()) {
      assertThat(notBlank(image.b64()) || notBlank(image.url())).as("image bytes or URL")
          .isTrue();
    }
  }

  private static ChatResponse.Choice onlyChoice(ChatResponse r) {
    assertThat(r.choices()).as("choices").hasSize(1);
    assertThat(r.choices().get(0).index()).as("choice index").isZero();
    return r.choices().get(0);
  }

  private static void usage(Usage usage, boolean reportsUsage) {
    if (!reportsUsage) {
      assertThat(usage).as("usage from a provider without counts (the gateway counts)").isNull();
      return;
    }
    assertThat(usage).as("usage").isNotNull();
    assertThat(usage.promptTokens()).as("prompt tokens").isPositive();
    assertThat(usage.completionTokens()).as("completion tokens").isPositive();
  }

  /**
   * The deltas of a whole stream, after checking its frame: usage alone in the last item and in
   * no other (in none when the provider reports none), every delta of choice 0, the role on the
   * first delta only, and exactly one finish reason, on the last delta.
   */
  private static List<ChatChunk.Delta> streamDeltas(List<ChatChunk> items, boolean reportsUsage) {
    assertThat(items).as("stream items").hasSizeGreaterThan(1);
    List<ChatChunk> withDeltas = items;
    if (reportsUsage) {
      ChatChunk last = items.get(items.size() - 1);
      assertThat(last.choices()).as("the last item carries usage only").isEmpty();
      usage(last.usage(), true);
      withDeltas = items.subList(0, items.size() - 1);
    }
    List<ChatChunk.Delta> deltas = new ArrayList<>();
    for (ChatChunk item : withDeltas) {
      assertThat(item.usage()).as("usage before the last item").isNull();
      assertThat(item.choices()).as("an item without deltas").isNotEmpty();
      deltas.addAll(item.choices());
    }
    assertThat(deltas).as("choice indexes").allSatisfy(d -> assertThat(d.index()).isZero());
    assertThat(deltas.get(0).role()).as("role on the first delta").isEqualTo(Role.ASSISTANT);
    assertThat(deltas.subList(1, deltas.size())).as("role after the first delta")
        .allSatisfy(d -> assertThat(d.role()).isNull());
    assertThat(deltas.subList(0, deltas.size() - 1)).as("finish reason before the last delta")
        .allSatisfy(d -> assertThat(d.finishReason()).isNull());
    assertThat(deltas.get(deltas.size() - 1).finishReason()).as("finish reason on the last delta")
        .isNotNull();
    return deltas;
  }

  private static void jsonObject(String text, String what) {
    try {
      assertThat(JSON.readTree(text).isObject()).as("%s is a JSON object: %s", what, text).isTrue();
    } catch (IOException e) {
      fail(what + " is not JSON: " + text, e);
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
