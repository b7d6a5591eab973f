package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.chat.ChatAccumulator;
import dev.gantry.sdk.chat.ChatChunk;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.chat.ChatStream;

/** Prints an answer as it is generated, then its usage and who served it. */
public final class ChatStreaming {

  private ChatStreaming() {}

  public static void main(String[] args) {
    try (GantryClient client = GantryClient.fromEnv()) {
      ChatCompletionRequest request = ChatCompletionRequest.builder()
          .model(args.length > 0 ? args[0] : "chat")
          .addMessage(ChatMessage.system("Answer in three sentences."))
          .addMessage(ChatMessage.user("Why is the sky blue?"))
          .build();
      ChatAccumulator acc = new ChatAccumulator();
      try (ChatStream stream = client.chat().stream(request)) {
        for (ChatChunk chunk : stream) {
          acc.add(chunk);
          chunk.choices().forEach(c -> System.out.print(
              c.delta().content() == null ? "" : c.delta().content()));
        }
        ChatCompletion whole = acc.toCompletion();
        System.out.println();
        System.out.println("usage: " + whole.usageIfPresent()
            .map(u -> u.promptTokens() + " prompt + " + u.completionTokens() + " completion tokens")
            .orElse("not sent") + ", served by: " + stream.headers().deployment().orElse("?"));
      }
    }
  }
}
