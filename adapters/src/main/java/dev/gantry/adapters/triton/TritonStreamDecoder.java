package dev.gantry.adapters.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.huggingface.tgi.StopSequences;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.function.Consumer;

/**
 * Decodes {@code /generate_stream} server-sent events (framed by
 * {@link dev.gantry.adapters.stream.SseFramer}) into chunks of choice 0. One instance per stream.
 *
 * <ul>
 *   <li>Each event is one response of the model. Its text field is the new text
 *       ({@code stream_text: incremental}, the TensorRT-LLM ensemble and current vLLM backends) or
 *       the whole text so far ({@code cumulative}, e.g. a BLS model accumulating tokens), from
 *       which the new part is cut; a trailing U+FFFD (half a UTF-8 character) waits for the next
 *       event, which may complete it. Text that may be the start of a stop word is held back until
 *       it is not, so the stop word TensorRT-LLM leaves in its output never reaches the client.
 *   <li>The HTTP status was fixed by the first event, so every event is checked for
 *       {@code {"error": ...}}, which fails the stream whenever it comes.
 *   <li>There is no end marker: the stream ends with the response. The finish reason is the last
 *       one reported ({@code details.finish_reason}, or the vLLM backend's {@code finish_reason},
 *       "None" until the last event), else {@code stop}; a stream whose events reported finish
 *       reasons but ended on "None" ended early and fails. A usage chunk follows when the server
 *       sent token counts ({@code num_input_tokens}; {@code num_output_tokens} per event, summed).
 * </ul>
 */
final class TritonStreamDecoder implements StreamDecoder<SseEvent, ChatChunk> {

  private static final char REPLACEMENT = '\uFFFD';

  private final TritonCall call;
  private final StopSequences stops;
  private boolean started;
  private boolean reportsFinish;
  private FinishReason finish;
  private Integer inputTokens;
  private Integer outputTokens;
  /** Cumulative mode: the text so far, and how much of it was passed on. */
  private String whole = "";
  private int passed;

  TritonStreamDecoder(TritonCall call) {
    this.call = call;
    this.stops = new StopSequences(call.stop());
  }

  @Override
  public void decode(SseEvent event, Consumer<ChatChunk> sink) {
    if (event.data().isBlank()) {
      return;
    }
    JsonNode node = TritonApi.object(Json.parseUpstream(event.data()));
    if (node.hasNonNull("error")) {
      throw TritonErrors.midStream(node.get("error"));
    }
    start(sink);
    String text = TritonGenerate.text(node, call.options().textOutput());
    if (text != null) {
      emit(stops.push(newText(text)), sink);
    }
    String wire = TritonGenerate.finishWire(node);
    if (wire != null) {
      reportsFinish = true;
      finish = TritonGenerate.finishReason(wire);
    }
    Integer input = TritonGenerate.count(node, "num_input_tokens");
    if (input != null) {
      inputTokens = input;
    }
    Integer output = TritonGenerate.count(node, "num_output_tokens");
    if (output != null) {
      outputTokens = (outputTokens == null ? 0 : outputTokens) + output;
    }
  }

  @Override
  public void end(Consumer<ChatChunk> sink) {
    if (reportsFinish && finish == null) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Triton stream ended early, before its last response.");
    }
    start(sink);
    FinishReason reason = finish == null ? FinishReason.STOP : finish;
    emit(stops.push(whole.substring(passed)), sink);
    emit(stops.finish(reason == FinishReason.STOP), sink);
    sink.accept(ChatChunk.of(ChatChunk.Delta.finish(0, reason)));
    if (inputTokens != null && outputTokens != null) {
      sink.accept(ChatChunk.usage(Usage.of(inputTokens, outputTokens)));
    }
  }

  private void start(Consumer<ChatChunk> sink) {
    if (!started) {
      started = true;
      sink.accept(ChatChunk.of(ChatChunk.Delta.role(0)));
    }
  }

  /** The part of an event's text not passed on yet. */
  private String newText(String text) {
    if (call.options().streamText() == TritonOptions.StreamText.INCREMENTAL) {
      return text;
    }
    if (!text.startsWith(whole.substring(0, passed))) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "The Triton stream's text changed "
          + "what it had already sent; is this deployment's stream_text really cumulative?");
    }
    whole = text;
    int upTo = text.length();
    while (upTo > passed && text.charAt(upTo - 1) == REPLACEMENT) {
      upTo--;
    }
    String piece = text.substring(passed, upTo);
    passed = upTo;
    return piece;
  }

  private static void emit(String text, Consumer<ChatChunk> sink) {
    if (!text.isEmpty()) {
      sink.accept(ChatChunk.of(ChatChunk.Delta.text(0, text)));
    }
  }
}
