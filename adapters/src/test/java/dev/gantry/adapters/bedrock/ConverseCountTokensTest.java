package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CountTokens is built from the Converse translation and read from {@code inputTokens}. */
class ConverseCountTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENDPOINT = "https://bedrock-runtime.us-east-1.amazonaws.com";
  private static final String MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";

  private static ProviderHttpRequest count(ChatRequest request) {
    return ConverseCountTokens.toRequest(
        new BedrockConverseTranslator().toRequest(request, MODEL, false, ENDPOINT));
  }

  @Test
  void toRequest_chat_wrapsTheConverseInputWithoutInferenceConfig() throws Exception {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.system("Be brief."),
        Message.user("Hi"))).withParams(new GenerationParams(0.3, null, 256, List.of(), null,
        null, null, null, null, null));

    ProviderHttpRequest count = count(request);

    assertThat(count.url()).isEqualTo(ENDPOINT
        + "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/count-tokens");
    assertThat(JSON.readTree(count.body().getBytes())).isEqualTo(JSON.readTree(
        "{\"input\":{\"converse\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
            + "\"system\":[{\"text\":\"Be brief.\"}]}}}"));
  }

  @Test
  void toRequest_sameChatTwice_sameBytes() {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.user("Hi")));

    assertThat(count(request).body()).isEqualTo(count(request).body());
  }

  @Test
  void fromResponse_inputTokens_isTheCount() throws Exception {
    assertThat(ConverseCountTokens.fromResponse(JSON.readTree("{\"inputTokens\":123}")))
        .isEqualTo(123);
  }

  @Test
  void fromResponse_noCount_isMalformedUpstream() throws Exception {
    JsonNode body = JSON.readTree("{\"message\":\"?\"}");

    assertThatThrownBy(() -> ConverseCountTokens.fromResponse(body))
        .isInstanceOf(GatewayException.class);
  }
}
