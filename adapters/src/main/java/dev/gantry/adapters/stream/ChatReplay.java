package dev.gantry.adapters.stream;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatChunk.Delta;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole chat response told as the chunks a stream of it would have carried: per choice its
 * role, reasoning (block by block with their signatures), text with its logprobs, each tool call
 * whole, and the finish reason; then the usage chunk. Redacted reasoning blocks and refusals have
 * no streamed form in the canonical model and are left out.
 */
public final class ChatReplay {

  private ChatReplay() {}

  /** The response as a stream delivered on {@code context}. */
  public static UpstreamStream<ChatChunk> stream(Context context, ChatResponse response) {
    return new ReplayStream<>(context, chunks(response));
  }

  /** The chunks, in order. */
  public static List<ChatChunk> chunks(ChatResponse response) {
    List<ChatChunk> chunks = new ArrayList<>();
    for (ChatResponse.Choice choice : response.choices()) {
      int i = choice.index();
      chunks.add(ChatChunk.of(Delta.role(i)));
      if (choice.reasoningBlocks().isEmpty()) {
        if (choice.reasoning() != null && !choice.reasoning().isEmpty()) {
          chunks.add(ChatChunk.of(Delta.reasoning(i, choice.reasoning())));
        }
      } else {
        for (ReasoningBlock block : choice.reasoningBlocks()) {
          if (!block.isRedacted()) {
            chunks.add(ChatChunk.of(Delta.reasoning(i, block.text())));
            if (block.signature() != null) {
              chunks.add(ChatChunk.of(Delta.reasoningSignature(i, block.signature())));
            }
          }
        }
      }
      String text = choice.message() == null ? null : choice.message().text();
      String content = text != null && !text.isEmpty() ? text : null;
      if (content != null || choice.logprobs() != null) {
        chunks.add(ChatChunk.of(new Delta(i, null, content, null, List.of(), null,
            choice.logprobs())));
      }
      List<ToolCall> calls = choice.message() == null ? List.of() : choice.message().toolCalls();
      for (int c = 0; c < calls.size(); c++) {
        ToolCall call = calls.get(c);
        chunks.add(ChatChunk.of(Delta.toolCall(i,
            ToolCallDelta.start(c, call.id(), call.name(), call.arguments()))));
      }
      if (choice.finishReason() != null) {
        chunks.add(ChatChunk.of(Delta.finish(i, choice.finishReason())));
      }
    }
    if (response.usage() != null) {
      chunks.add(ChatChunk.usage(response.usage()));
    }
    return chunks;
  }
}
