package dev.gantry.adapters.triton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.huggingface.tgi.StopSequences;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.adapters.template.ChatTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat completions through Triton's generate extension (pure: no I/O): {@code POST
 * .../generate} and {@code .../generate_stream} (extension_generate.md; KServe's
 * generate_rest.yaml). Top-level fields of the request are the model's input tensors (a field
 * the model does not have becomes a request parameter, which it ignores), so the body depends on
 * the backend behind the model; the names are those of the current models, and of the requests
 * Triton's own OpenAI frontend builds for them:
 * <ul>
 *   <li>{@code trtllm}, a TensorRT-LLM {@code ensemble} or {@code tensorrt_llm_bls} model:
 *       {@code text_input}, {@code max_tokens} (required by the model), {@code temperature},
 *       {@code top_p}, {@code top_k}, {@code seed}, {@code presence_penalty},
 *       {@code frequency_penalty}, {@code stop_words} (the client's stops and the template's
 *       end-of-turn token; the model leaves the one that stopped it in its text, which the readers
 *       remove), {@code stream}, {@code exclude_input_in_output}, {@code return_num_input_tokens}
 *       and {@code return_num_output_tokens}; JSON output through {@code guided_decoding_guide_type}
 *       ({@code json}, {@code json_schema}) and {@code guided_decoding_guide} (the schema), which
 *       the server must be set up for. Temperature 0 is sent as greedy decoding ({@code top_k} 1).
 *   <li>{@code vllm}, Triton's vLLM backend: {@code text_input}, {@code stream},
 *       {@code exclude_input_in_output}, {@code sampling_parameters} (vLLM's SamplingParams as a
 *       JSON string: {@code max_tokens}, {@code temperature}, {@code top_p}, {@code top_k},
 *       {@code seed}, penalties, {@code stop}, and {@code guided_decoding} with {@code json} or
 *       {@code json_object} for JSON output), and {@code return_finish_reason},
 *       {@code return_num_input_tokens}, {@code return_num_output_tokens}.
 * </ul>
 * The prompt is the conversation rendered by the model's chat template. Answers: the text in
 * {@code text_output} (a configurable name), the finish reason from {@code details.finish_reason}
 * (generate_rest.yaml) or the vLLM backend's {@code finish_reason} output, else {@code stop}; usage
 * only from the server's {@code num_input_tokens} and {@code num_output_tokens} outputs, else null
 * (the gateway counts it).
 *
 * <p>Refused as UNSUPPORTED, naming the field: {@code n > 1}, {@code logprobs}, tools (unless
 * {@code tool_choice} is {@code none}, which renders the conversation without them) and images.
 * Rendering costs about 1-2 ms for 20 messages, so callers prepare requests on a worker.
 */
final class TritonGenerate {

  private TritonGenerate() {}

  /**
   * Refuses what the generate extension cannot express, before any template is loaded.
   *
   * @throws GatewayException UNSUPPORTED naming the field, or INVALID_REQUEST for a request without
   *     {@code max_tokens} on a deployment without {@code default_max_tokens}
   */
  static void checkExpressible(ChatRequest r, TritonOptions options) {
    GenerationParams p = r.params();
    if (p.choices() > 1) {
      throw GatewayException.unsupported(
          "Triton's generate extension returns one choice per request; n must be 1.", "n");
    }
    if (p.wantsLogprobs()) {
      throw GatewayException.unsupported(
          "This gateway does not return logprobs from Triton's generate extension.", "logprobs");
    }
    if (!r.tools().isEmpty() && !isNone(r.toolChoice())) {
      throw GatewayException.unsupported("This deployment uses Triton's generate extension, which "
          + "has no tool calling; use tool_choice none or a deployment with a chat route.", "tools");
    }
    for (int i = 0; i < r.messages().size(); i++) {
      if (r.messages().get(i).hasImages()) {
        throw GatewayException.unsupported("Triton's generate extension takes text only; images "
            + "need a deployment with a chat route.", "messages[" + i + "].content");
      }
    }
    if (p.maxTokens() == null && options.defaultMaxTokens() == null) {
      throw GatewayException.invalid("This deployment needs max_tokens (or max_completion_tokens):"
          + " its Triton model has no default output length.", "max_tokens");
    }
    if (options.backend() == TritonOptions.Backend.TRTLLM && p.seed() != null && p.seed() < 0) {
      throw GatewayException.invalid("seed must not be negative on this deployment.", "seed");
    }
  }

  /**
   * Translates a chat request.
   *
   * @param stream for {@code /generate_stream}
   * @throws GatewayException as {@link #checkExpressible}, INVALID_REQUEST for a malformed
   *     {@code top_k} or with the template's own message when it refuses the conversation
   */
  static TritonCall prepare(ChatRequest r, ChatTemplate template, TritonOptions options,
      boolean stream) {
    checkExpressible(r, options);
    String prompt = template.prompt(r, List.of());
    int maxTokens = r.params().maxTokens() != null ? r.params().maxTokens()
        : options.defaultMaxTokens();
    Integer topK = topK(r.extensions());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put(options.textInput(), prompt);
    List<String> stop;
    if (options.backend() == TritonOptions.Backend.VLLM) {
      stop = r.params().stop();
      vllm(body, r.params(), maxTokens, topK, stop, stream, r.responseFormat());
    } else {
      stop = new ArrayList<>(r.params().stop());
      for (String token : template.stopTokens()) {
        if (!stop.contains(token)) {
          stop.add(token);
        }
      }
      trtllm(body, r.params(), maxTokens, topK, stop, stream, r.responseFormat());
    }
    return new TritonCall(body, stop, options);
  }

  /** {@code POST <model url>/generate} or {@code /generate_stream}. */
  static ProviderHttpRequest request(TritonCall call, String modelUrl, boolean stream) {
    return TritonApi.post(modelUrl + (stream ? TritonApi.GENERATE_STREAM : TritonApi.GENERATE),
        call.body(), stream);
  }

  /**
   * Reads a {@code /generate} answer: its text without the stop word that ended it, its finish
   * reason ({@code stop} when it reports none) and its usage when it reports token counts.
   *
   * @throws GatewayException for an {@code error} object or an answer without text
   */
  static ChatResponse read(TritonCall call, JsonNode body) {
    JsonNode answer = TritonApi.object(body);
    if (answer.hasNonNull("error")) {
      throw TritonErrors.midStream(answer.get("error"));
    }
    String text = text(answer, call.options().textOutput());
    if (text == null) {
      throw UpstreamErrors.malformed(new IllegalStateException(
          "no " + call.options().textOutput() + " in the answer"));
    }
    FinishReason finish = finishReason(finishWire(answer));
    if (finish == null) {
      finish = FinishReason.STOP;
    }
    if (finish == FinishReason.STOP) {
      text = StopSequences.trim(text, call.stop());
    }
    Message message = new Message(Role.ASSISTANT, List.of(ContentPart.text(text)), List.of(), null,
        null);
    return new ChatResponse(List.of(new ChatResponse.Choice(0, message, null, null, finish, null)),
        usage(answer), null);
  }

  /** The text field of an answer or event (a string, or a one-string array), or null. */
  static String text(JsonNode event, String field) {
    JsonNode value = TritonApi.single(event.path(field));
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw UpstreamErrors.malformed(new IllegalStateException(field + " is not one string"));
    }
    return value.asText();
  }

  /**
   * The finish reason as the server words it: {@code details.finish_reason} (generate_rest.yaml:
   * length, eos_token, stop_sequence), else the vLLM backend's {@code finish_reason} output (stop,
   * length, abort, or "None" while generating); null when the answer carries neither.
   */
  static String finishWire(JsonNode event) {
    JsonNode details = event.path("details").path("finish_reason");
    if (details.isTextual()) {
      return details.asText();
    }
    JsonNode vllm = TritonApi.single(event.path("finish_reason"));
    return vllm.isTextual() ? vllm.asText() : null;
  }

  /**
   * A server's finish reason in OpenAI's words; null for none yet ("None", or not reported).
   *
   * @throws GatewayException UPSTREAM_ERROR for a generation the server aborted
   */
  static FinishReason finishReason(String wire) {
    if (wire == null || wire.equals("None")) {
      return null;
    }
    if (wire.equals("abort") || wire.equals("error")) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The Triton server stopped the generation (finish reason " + wire + ").");
    }
    return wire.equals("length") ? FinishReason.LENGTH : FinishReason.STOP;
  }

  /** An integral count output ({@code num_input_tokens}, {@code num_output_tokens}), or null. */
  static Integer count(JsonNode event, String field) {
    JsonNode value = TritonApi.single(event.path(field));
    return value.isIntegralNumber() ? value.asInt() : null;
  }

  /** Usage from the server's token counts, or null when it did not send both. */
  static Usage usage(JsonNode answer) {
    Integer prompt = count(answer, "num_input_tokens");
    Integer completion = count(answer, "num_output_tokens");
    return prompt == null || completion == null ? null : Usage.of(prompt, completion);
  }

  private static void trtllm(ObjectNode body, GenerationParams p, int maxTokens, Integer topK,
      List<String> stop, boolean stream, ResponseFormat format) {
    body.put("max_tokens", maxTokens);
    boolean greedy = p.temperature() != null && p.temperature() == 0;
    if (p.temperature() != null && !greedy) {
      body.put("temperature", p.temperature());
    }
    if (greedy) {
      body.put("top_k", 1);
    } else if (topK != null) {
      body.put("top_k", topK);
    }
    shared(body, p, "seed", "stop_words", stop);
    if (isJson(format)) {
      body.put("guided_decoding_guide_type",
          format.type() == ResponseFormat.Type.JSON_SCHEMA ? "json_schema" : "json");
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
        body.put("guided_decoding_guide", format.schema().toString());
      }
    }
    body.put("stream", stream);
    body.put("exclude_input_in_output", true);
    body.put("return_num_input_tokens", true);
    body.put("return_num_output_tokens", true);
  }

  private static void vllm(ObjectNode body, GenerationParams p, int maxTokens, Integer topK,
      List<String> stop, boolean stream, ResponseFormat format) {
    ObjectNode sampling = Json.MAPPER.createObjectNode();
    sampling.put("max_tokens", maxTokens);
    if (p.temperature() != null) {
      sampling.put("temperature", p.temperature());
    }
    if (topK != null) {
      sampling.put("top_k", topK);
    }
    shared(sampling, p, "seed", "stop", stop);
    if (isJson(format)) {
      ObjectNode guided = Json.MAPPER.createObjectNode();
      if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
        guided.set("json", format.schema());
      } else {
        guided.put("json_object", true);
      }
      sampling.put("guided_decoding", json(guided));
    }
    body.put("stream", stream);
    body.put("exclude_input_in_output", true);
    body.put("sampling_parameters", json(sampling));
    body.put("return_finish_reason", true);
    body.put("return_num_input_tokens", true);
    body.put("return_num_output_tokens", true);
  }

  /** What both backends name alike, and the seed and the stop strings under their names. */
  private static void shared(ObjectNode into, GenerationParams p, String seed, String stops,
      List<String> stop) {
    if (p.topP() != null) {
      into.put("top_p", p.topP());
    }
    if (p.seed() != null) {
      into.put(seed, p.seed());
    }
    if (p.presencePenalty() != null) {
      into.put("presence_penalty", p.presencePenalty());
    }
    if (p.frequencyPenalty() != null) {
      into.put("frequency_penalty", p.frequencyPenalty());
    }
    if (!stop.isEmpty()) {
      ArrayNode list = into.putArray(stops);
      stop.forEach(list::add);
    }
  }

  /** The {@code top_k} extension: a positive integer, or null when absent. */
  private static Integer topK(ObjectNode extensions) {
    JsonNode value = extensions.get("top_k");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asInt() < 1) {
      throw GatewayException.invalid("`top_k` must be a positive integer.", "top_k");
    }
    return value.asInt();
  }

  private static boolean isJson(ResponseFormat format) {
    return format != null && format.type() != ResponseFormat.Type.TEXT;
  }

  private static boolean isNone(ToolChoice choice) {
    return choice != null && choice.mode() == ToolChoice.Mode.NONE;
  }

  private static String json(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
