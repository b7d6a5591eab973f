package dev.gantry.adapters.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.CompletionResponse.Choice;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void assemble_joinsTextsAndLogprobsPerChoice_andKeepsTheLastUsage() throws Exception {
    Usage usage = Usage.of(6, 3);
    List<CompletionResponse> chunks = List.of(
        new CompletionResponse(List.of(new Choice(1, "B1", null, null),
            new Choice(0, " A", null, json("{\"tokens\":[\" A\"],\"token_logprobs\":[-0.5],"
                + "\"top_logprobs\":null,\"text_offset\":[5]}"))), null),
        new CompletionResponse(List.of(new Choice(0, " Beginner", FinishReason.LENGTH,
            json("{\"tokens\":[\" Beginner\"],\"token_logprobs\":[-1.25],"
                + "\"top_logprobs\":null,\"text_offset\":[7]}"))), null),
        new CompletionResponse(List.of(new Choice(1, "", FinishReason.STOP, null)), null),
        new CompletionResponse(List.of(), usage));

    CompletionResponse whole = CompletionReplay.assemble(chunks);

    assertThat(whole.usage()).isEqualTo(usage);
    assertThat(whole.choices()).extracting(Choice::index, Choice::text, Choice::finishReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, " A Beginner", FinishReason.LENGTH),
            org.assertj.core.groups.Tuple.tuple(1, "B1", FinishReason.STOP));
    assertThat(whole.choices().get(0).logprobs()).isEqualTo(json("{\"tokens\":[\" A\","
        + "\" Beginner\"],\"token_logprobs\":[-0.5,-1.25],\"top_logprobs\":null,"
        + "\"text_offset\":[5,7]}"));
    assertThat(whole.choices().get(1).logprobs()).isNull();
  }

  @Test
  void chunks_tellEachChoiceThenTheUsage_andAssembleBackToTheResponse() {
    CompletionResponse response = new CompletionResponse(List.of(
        new Choice(0, "one", FinishReason.STOP, null),
        new Choice(1, "two", FinishReason.LENGTH, null)), Usage.of(2, 4));

    List<CompletionResponse> chunks = CompletionReplay.chunks(response);

    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(2).choices()).isEmpty();
    assertThat(CompletionReplay.assemble(chunks)).isEqualTo(response);
  }
}
