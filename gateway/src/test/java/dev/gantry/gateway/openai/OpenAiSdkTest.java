package dev.gantry.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.gantry.gateway.testing.GantryHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at Gantry, just works. */
class OpenAiSdkTest {

  private static GantryHarness h;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    h = GantryHarness.start();
    client = OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + h.gateway.port() + "/v1")
        .apiKey(GantryHarness.KEY)
        .maxRetries(0)
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    h.close();
  }

  @Test
  void chat_plain_returnsTheAssistantMessage() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("chat").addUserMessage("hello").build());
    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you today?");
    assertThat(completion.usage()).isPresent();
    assertThat(completion.model()).isEqualTo("chat");
  }

  @Test
  void chat_streaming_deliversTheTextIncrementally() {
    StringBuilder text = new StringBuilder();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("chat").addUserMessage("capital?").build())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunks++;
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
      }
    }
    assertThat(text.toString()).isEqualTo("The capital of the UK is London.");
    assertThat(chunks).isGreaterThan(3);
  }

  @Test
  void chat_tools_returnsAParsableToolCall() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("chat").addUserMessage("capital of UK?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("get_capital")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("country", Map.of("type", "string"))))
                .build())
            .build()).build())
        .build());
    List<ChatCompletionMessageToolCall> calls = completion.choices().get(0).message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).function().orElseThrow().function().name()).isNotBlank();
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void chat_streamingTools_accumulatesArguments() {
    StringBuilder args = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("chat").addUserMessage("capital of UK?")
            .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_capital").build()).build())
            .build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().toolCalls().ifPresent(
          calls -> calls.forEach(t -> t.function().flatMap(f -> f.arguments()).ifPresent(args::append)))));
    }
    assertThat(args.toString()).isEqualTo("{\"country\":\"UK\"}");
  }

  @Test
  void embeddings_returnFloatVectors() {
    CreateEmbeddingResponse resp = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("embed").input("hello world").build());
    assertThat(resp.data()).hasSize(1);
    assertThat(resp.data().get(0).embedding()).hasSize(1536);
  }

  @Test
  void models_listTheAliases() {
    List<String> ids = client.models().list().data().stream().map(Model::id).collect(Collectors.toList());
    assertThat(ids).contains("chat", "embed");
  }
}
