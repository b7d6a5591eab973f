package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.StreamDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes an OpenAI-compatible text completion stream into canonical chunks: empty choices are
 * dropped, usage is held back and emitted last (see {@link StreamUsage}), error
 * events throw, and {@code [DONE]} ends. One instance per stream.
 */
public final class OpenAiCompatCompletionStreamDecoder
    implements StreamDecoder<SseEvent, CompletionResponse> {

  private final StreamUsage usage;
  private final SseChunks<CompletionResponse> frames;

  public OpenAiCompatCompletionStreamDecoder() {
    this.usage = new StreamUsage();
    this.frames = new SseChunks<>(usage, total -> new CompletionResponse(List.of(), total));
  }

  @Override
  public void decode(SseEvent frame, Consumer<CompletionResponse> sink) {
    JsonNode json = frames.read(frame, sink);
    if (json == null) {
      return;
    }
    CompletionResponse chunk = OpenAiCompletions.readChunk(json);
    usage.report(chunk.usage());
    List<CompletionResponse.Choice> choices = new ArrayList<>(chunk.choices().size());
    for (CompletionResponse.Choice c : chunk.choices()) {
      if (!c.text().isEmpty() || c.finishReason() != null || c.logprobs() != null) {
        choices.add(c);
      }
    }
    if (!choices.isEmpty()) {
      sink.accept(new CompletionResponse(choices, null));
    }
  }

  @Override
  public void end(Consumer<CompletionResponse> sink) {
    frames.end(sink);
  }
}
