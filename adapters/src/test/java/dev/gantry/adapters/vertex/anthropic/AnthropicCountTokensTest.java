package dev.gantry.adapters.vertex.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claude's count: the rawPredict body's prompt fields plus the model, read from input_tokens. */
class AnthropicCountTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCATION = "https://us-east5-aiplatform.googleapis.com/v1/projects/p"
      + "/locations/us-east5";

  @Test
  void toRequest_chat_namesTheModelAndDropsMaxTokens() throws Exception {
    ProviderHttpRequest raw = new AnthropicTranslator().toRequestAt(ChatRequest.of("alias",
            List.of(Message.system("Be brief."), Message.user("Hi"))),
        LOCATION + "/publishers/anthropic/models/claude-sonnet-4-5@20250929", false);

    ProviderHttpRequest count = AnthropicCountTokens.toRequest(raw,
        LOCATION + "/publishers/anthropic/models/count-tokens", "claude-sonnet-4-5@20250929");

    assertThat(count.url())
        .isEqualTo(LOCATION + "/publishers/anthropic/models/count-tokens:rawPredict");
    assertThat(JSON.readTree(count.body().getBytes())).isEqualTo(JSON.readTree(
        "{\"model\":\"claude-sonnet-4-5@20250929\",\"anthropic_version\":\"vertex-2023-10-16\","
            + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"Hi\"}]}]}"));
  }

  @Test
  void fromResponse_inputTokens_isTheCount() throws Exception {
    assertThat(AnthropicCountTokens.fromResponse(JSON.readTree("{\"input_tokens\":42}")))
        .isEqualTo(42);
    assertThatThrownBy(() -> AnthropicCountTokens.fromResponse(JSON.readTree("{}")))
        .isInstanceOf(GatewayException.class);
  }
}
