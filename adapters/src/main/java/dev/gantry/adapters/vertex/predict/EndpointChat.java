package dev.gantry.adapters.vertex.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import java.util.List;

/**
 * Chat with a model the team deployed to its own Vertex endpoint, through {@code :predict}, the
 * way Model Garden's serving containers (vLLM, SGLang, TGI) take it: one instance holding an
 * OpenAI chat body marked {@code "@requestFormat": "chatCompletions"}, answered by one prediction
 * that is an OpenAI {@code chat.completion}. The endpoint serves one model, so the body carries no
 * {@code model}; {@code :predict} does not stream.
 */
public final class EndpointChat {

  private EndpointChat() {}

  /**
   * {@code POST {endpointUrl}:predict} with {@code {"instances": [{"@requestFormat":
   * "chatCompletions", "messages": [...], ...}]}}.
   *
   * @param endpointUrl {@code .../projects/{P}/locations/{L}/endpoints/{ID}}
   */
  public static ProviderHttpRequest toRequest(ChatRequest request, String endpointUrl) {
    ObjectNode chat = (ObjectNode) Json.parseUpstream(OpenAiChat.writeRequest(request, "", false));
    chat.remove(List.of("model", "stream"));
    ObjectNode instance = PredictJson.object().put("@requestFormat", "chatCompletions");
    instance.setAll(chat);
    ObjectNode body = PredictJson.object();
    body.putArray("instances").add(instance);
    return PredictJson.requestAt(endpointUrl, body);
  }

  /**
   * Reads the prediction: a list holding the {@code chat.completion} (as {@code predictions} is a
   * repeated value), or the object itself, which some containers answer.
   *
   * @throws dev.gantry.adapters.spi.GatewayException UPSTREAM_ERROR when the body is not JSON or
   *     holds no completion
   */
  public static ChatResponse fromResponse(UpstreamResponse response) {
    JsonNode predictions = Json.parseUpstream(response.body()).get("predictions");
    JsonNode completion = predictions != null && predictions.isArray() ? predictions.get(0)
        : predictions;
    if (completion == null || !completion.isObject()) {
      throw PredictJson.malformed("the endpoint answered no chat completion prediction");
    }
    return OpenAiChat.readResponse(completion);
  }
}
