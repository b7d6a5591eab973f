package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.chat.Tool;
import dev.gantry.sdk.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** A model calling a local function until it can answer. */
public final class ToolsLoop {

  private ToolsLoop() {}

  public static void main(String[] args) {
    Tool weather = Tool.function("get_weather", "The weather in a city",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}");
    try (GantryClient client = GantryClient.fromEnv()) {
      List<ChatMessage> messages = new ArrayList<>(List.of(
          ChatMessage.user("Should I take an umbrella in Paris today?")));
      for (int turn = 0; turn < 5; turn++) {
        ChatCompletion c = client.chat().create(ChatCompletionRequest.builder()
            .model(args.length > 0 ? args[0] : "chat").messages(messages).addTool(weather)
            .build());
        if (c.toolCalls().isEmpty()) {
          System.out.println(c.content().orElse(""));
          return;
        }
        messages.add(c.choices().get(0).message().toMessage());
        for (ToolCall call : c.toolCalls()) {
          messages.add(ChatMessage.tool(call.id(), weatherIn(call.function().arguments())));
        }
      }
      System.out.println("no answer after 5 turns");
    }
  }

  /** The local function: a fixed forecast, as JSON. */
  private static String weatherIn(String arguments) {
    return "{\"forecast\":\"light rain\",\"arguments\":" + arguments + "}";
  }
}
