package dev.gantry.adapters.huggingface.tgi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.adapters.template.ChatTemplate;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/**
 * Chat completions through TGI's native API (pure: no I/O): {@code POST /generate} and
 * {@code /generate_stream} (TGI {@code docs/openapi.json}; providers.md section 4.1), for servers
 * and models without a chat route. The conversation becomes {@code inputs} through the model's chat
 * template; {@code details} is always asked for, so the finish reason and token counts come back.
 *
 * <p>Refused as UNSUPPORTED, naming the field, because the native API cannot express them:
 * {@code n > 1}, {@code logprobs}, {@code presence_penalty}, tools (unless {@code tool_choice} is
 * {@code none}, which renders the conversation without them) and images. The
 * {@code chat_template_kwargs} extension (an object) reaches the template as extra variables, as
 * in vLLM (Qwen3's {@code enable_thinking}).
 *
 * <p>Render time grows with the conversation (about 1-2 ms for 20 messages), so callers build
 * requests on a worker, not on an event loop.
 */
public final class TgiGenerate {

  static final String GENERATE = "/generate";
  static final String GENERATE_STREAM = "/generate_stream";

  private TgiGenerate() {}

  /**
   * Translates a chat request.
   *
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the field, or INVALID_REQUEST
   *     with the template's own message when it refuses the conversation
   */
  public static TgiCall prepare(ChatRequest r, ChatTemplate template) {
    checkExpressible(r);
    boolean withTools = !r.tools().isEmpty() && !isNone(r.toolChoice());
    String prompt = template.prompt(r, withTools ? r.tools() : List.of());
    List<String> stop = TgiParameters.stops(r.params().stop(), template.stopTokens());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("inputs", prompt);
    body.set("parameters", TgiParameters.parameters(r, stop));
    return new TgiCall(body, stop);
  }

  /**
   * {@code POST {baseUrl}/generate} or {@code /generate_stream}.
   *
   * @param baseUrl the server's root, without a trailing path
   */
  public static ProviderHttpRequest request(TgiCall call, String baseUrl, boolean stream) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return ProviderHttpRequest.postJson(base + (stream ? GENERATE_STREAM : GENERATE),
        stream ? Map.of("Accept", "text/event-stream") : Map.of(), bytes(call.body()));
  }

  /**
   * Reads a {@code /generate} answer: an object (or the one-element array of the compat route),
   * {@code generated_text} without the stop sequence that ended it, the finish reason from
   * {@code details.finish_reason} ({@code length}; {@code eos_token} and {@code stop_sequence} are
   * {@code stop}). Completion tokens are {@code details.generated_tokens}; prompt tokens come from
   * {@code details.input_length} when the server sends it, else from the length of
   * {@code details.prefill}, which TGI fills only when asked for prompt logprobs (not done: it makes
   * the server compute them). Without either, the usage is null and the gateway counts it.
   *
   * @throws GatewayException UPSTREAM_ERROR for an {@code error} object or an unreadable body
   */
  public static ChatResponse read(TgiCall call, JsonNode body) {
    JsonNode answer = body.isArray() && body.size() == 1 ? body.get(0) : body;
    if (answer.hasNonNull("error")) {
      throw TgiErrors.midStream(answer);
    }
    if (!answer.path("generated_text").isTextual()) {
      throw UpstreamErrors.malformed(new IllegalStateException("no generated_text"));
    }
    JsonNode details = answer.path("details");
    String finish = details.path("finish_reason").asText(null);
    String text = answer.path("generated_text").asText();
    if ("stop_sequence".equals(finish)) {
      text = StopSequences.trim(text, call.stop());
    }
    Message message = new Message(Role.ASSISTANT, List.of(ContentPart.text(text)), List.of(), null,
        null);
    ChatResponse.Choice choice =
        new ChatResponse.Choice(0, message, null, null, finishReason(finish), null);
    return new ChatResponse(List.of(choice), usage(details), null);
  }

  /** TGI's finish reason in OpenAI's words; null when TGI gave none (no details). */
  static FinishReason finishReason(String tgi) {
    if (tgi == null) {
      return null;
    }
    return "length".equals(tgi) ? FinishReason.LENGTH : FinishReason.STOP;
  }

  /** The usage in a {@code details} object, or null when the prompt's size is not in it. */
  static Usage usage(JsonNode details) {
    if (!details.path("generated_tokens").isIntegralNumber()) {
      return null;
    }
    int completion = details.path("generated_tokens").asInt();
    if (details.path("input_length").isIntegralNumber()) {
      return Usage.of(details.path("input_length").asInt(), completion);
    }
    if (details.path("prefill").isArray() && details.path("prefill").size() > 0) {
      return Usage.of(details.path("prefill").size(), completion);
    }
    return null;
  }

  private static void checkExpressible(ChatRequest r) {
    if (r.params().choices() > 1) {
      throw GatewayException.unsupported(
          "TGI's generate API returns one choice per request; n must be 1.", "n");
    }
    if (r.params().wantsLogprobs()) {
      throw GatewayException.unsupported(
          "This gateway does not return logprobs from TGI's generate API.", "logprobs");
    }
    if (r.params().presencePenalty() != null && r.params().presencePenalty() != 0) {
      throw GatewayException.unsupported(
          "TGI's generate API has no presence penalty; use frequency_penalty.", "presence_penalty");
    }
    if (!r.tools().isEmpty() && !isNone(r.toolChoice())) {
      throw GatewayException.unsupported("This deployment uses TGI's generate API, which has no "
          + "tool calling; use a deployment with a chat route, or tool_choice none.", "tools");
    }
    for (int i = 0; i < r.messages().size(); i++) {
      if (r.messages().get(i).hasImages()) {
        throw GatewayException.unsupported("TGI's generate API takes text only; images need a "
            + "deployment with a chat route.", "messages[" + i + "].content");
      }
    }
  }

  private static boolean isNone(ToolChoice choice) {
    return choice != null && choice.mode() == ToolChoice.Mode.NONE;
  }

  private static Buffer bytes(ObjectNode body) {
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
