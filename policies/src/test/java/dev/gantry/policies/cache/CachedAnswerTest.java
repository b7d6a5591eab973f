package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.stream.ChatReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Cached answers survive their bytes unchanged: recorded streams chunk for chunk (tool-call
 * deltas, reasoning, finish reasons, usage), whole answers field for field, vectors bit for bit.
 */
class CachedAnswerTest {

  static final Path DIR = Path.of("src/test/resources/cache");

  static List<ChatChunk> stream(String file) throws Exception {
    return Files.readAllLines(DIR.resolve(file)).stream()
        .filter(l -> l.startsWith("data:") && !l.contains("[DONE]"))
        .map(l -> {
          try {
            return OpenAiChat.readChunk(Json.MAPPER.readTree(l.substring(5).trim()));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }).toList();
  }

  static ChatResponse response(String file) throws Exception {
    return OpenAiChat.readResponse(Json.MAPPER.readTree(Files.readAllBytes(DIR.resolve(file))));
  }

  static CachedAnswer roundTrip(CachedAnswer answer) {
    return CachedAnswer.decode(answer.encode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-text-stream.sse", "openai-tool-call-stream.sse",
      "tgi-tool-call-stream.sse"})
  void recordedStreams_replayChunkForChunk(String file) throws Exception {
    List<ChatChunk> chunks = stream(file);

    CachedAnswer back = roundTrip(new CachedAnswer(1234, chunks));

    assertThat(back.storedAtMillis()).isEqualTo(1234);
    assertThat(back.chatChunks()).isEqualTo(chunks);
  }

  @ParameterizedTest
  @ValueSource(strings = {"logprobs.json", "reasoning-tools.json"})
  void recordedAnswers_comeBackWhole_andReplayAsTheirChunks(String file) throws Exception {
    ChatResponse response = response(file);

    CachedAnswer back = roundTrip(new CachedAnswer(5, response));

    assertThat(back.chatResponse()).isEqualTo(response);
    assertThat(back.chatChunks()).isEqualTo(ChatReplay.chunks(response));
  }

  @Test
  void aStreamedAnswer_servesANonStreamingRequestAssembled() throws Exception {
    CachedAnswer back = roundTrip(new CachedAnswer(5, stream("openai-tool-call-stream.sse")));

    ChatResponse whole = back.chatResponse();

    assertThat(whole.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(whole.choices().get(0).message().toolCalls()).isNotEmpty();
    assertThat(whole.usage()).isNotNull();
  }

  @Test
  void completionsAndVectors_roundTrip() {
    CompletionResponse completion = new CompletionResponse(List.of(
        new CompletionResponse.Choice(0, "Once upon", FinishReason.LENGTH, null)), Usage.of(3, 2));
    assertThat(roundTrip(new CachedAnswer(7, completion)).value()).isEqualTo(completion);

    float[] vector = {0.25f, -1.5e-7f, Float.MIN_VALUE, 3.4e38f, 0f};
    assertThat((float[]) roundTrip(new CachedAnswer(7, vector)).value()).containsExactly(vector);
  }

  @Test
  void bytesOfAnotherVersionOrKind_areRefused() {
    assertThatThrownBy(() -> CachedAnswer.decode(new byte[] {9, 'R', 0, 0, 0, 0, 0, 0, 0, 0, '{'}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedAnswer.decode(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
