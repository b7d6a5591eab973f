package dev.gantry.adapters.vertex.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointChatTest {

  private static final String ENDPOINT =
      "https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/endpoints/42";
  private static final String COMPLETION = "{\"id\":\"x\",\"object\":\"chat.completion\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi there\"},"
      + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
      + "\"total_tokens\":5}}";

  private static ChatResponse read(String body) {
    return EndpointChat.fromResponse(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(body)));
  }

  @Test
  void toRequest_wrapsTheOpenAiBodyAsOneChatCompletionsInstanceWithoutModel() throws Exception {
    ChatRequest request = ChatRequest.of("alias", List.of(Message.system("Be brief."),
        Message.user("Hello")));

    ProviderHttpRequest http = EndpointChat.toRequest(request, ENDPOINT);

    assertThat(http.url()).isEqualTo(ENDPOINT + ":predict");
    JsonNode body = PredictJson.MAPPER.readTree(http.body().getBytes());
    assertThat(body.size()).as("only instances").isEqualTo(1);
    JsonNode instance = body.get("instances").get(0);
    assertThat(instance.fieldNames().next()).isEqualTo("@requestFormat");
    assertThat(instance.get("@requestFormat").asText()).isEqualTo("chatCompletions");
    assertThat(instance.has("model")).isFalse();
    assertThat(instance.has("stream")).isFalse();
    assertThat(instance.get("messages").get(1).get("content").asText()).isEqualTo("Hello");
    assertThat(body.get("instances")).hasSize(1);
  }

  @Test
  void fromResponse_predictionList_readsTheCompletion() {
    ChatResponse response = read("{\"predictions\":[" + COMPLETION + "],\"deployedModelId\":\"1\"}");

    assertThat(response.choices().get(0).message().text()).isEqualTo("Hi there");
    assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage().promptTokens()).isEqualTo(3);
  }

  @Test
  void fromResponse_predictionObject_readsTheCompletion() {
    assertThat(read("{\"predictions\":" + COMPLETION + "}").choices().get(0).message().text())
        .isEqualTo("Hi there");
  }

  @Test
  void fromResponse_noCompletion_isAnUpstreamError() {
    for (String body : List.of("{\"predictions\":[]}", "{}", "{\"predictions\":[\"Prompt: hi\"]}")) {
      assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }
  }
}
