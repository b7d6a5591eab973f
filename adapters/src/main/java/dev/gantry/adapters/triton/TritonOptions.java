package dev.gantry.adapters.triton;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Triton deployment's options (config/README.md, "Deployment options by provider"), read and
 * checked once per call. A wrong value is the gateway operator's mistake, not the client's: it
 * fails the call as INTERNAL, naming the option.
 *
 * @param tokenizerConfig the path of the model's {@code tokenizer_config.json}, or null
 * @param backend how sampling settings are sent
 * @param defaultMaxTokens the output limit sent when a request sets none, or null
 * @param streamText whether each streamed {@code text_output} is new text or the text so far
 * @param textInput the prompt's field name in a generate request
 * @param textOutput the answer's field name in a generate response
 * @param modelVersion the model version to call, or null for the server's choice
 * @param inputTensor the embedding model's BYTES input tensor
 * @param outputTensor the embedding model's output tensor
 * @param batchedInput true for an input of shape {@code [n, 1]}, false for {@code [n]}
 * @param dimensions the size of the model's vectors, or null when not declared
 */
record TritonOptions(String tokenizerConfig, Backend backend, Integer defaultMaxTokens,
    StreamText streamText, String textInput, String textOutput, String modelVersion,
    String inputTensor, String outputTensor, boolean batchedInput, Integer dimensions) {

  /** The model behind the generate extension. */
  enum Backend {
    /** A TensorRT-LLM {@code ensemble} or {@code tensorrt_llm_bls} model: top-level fields. */
    TRTLLM,
    /** Triton's vLLM backend: {@code sampling_parameters} as a JSON string. */
    VLLM
  }

  /** What a streamed {@code text_output} holds. */
  enum StreamText {
    INCREMENTAL,
    CUMULATIVE
  }

  static final String TOKENIZER_CONFIG = "tokenizer_config";
  static final String DEFAULT_MAX_TOKENS = "default_max_tokens";

  private static final Set<String> NAMES = Set.of(TOKENIZER_CONFIG, "backend", DEFAULT_MAX_TOKENS,
      "stream_text", "text_input", "text_output", "model_version", "input_tensor", "output_tensor",
      "input_shape", "dimensions");

  /** The options of a deployment that sets none. */
  static final TritonOptions DEFAULTS = parse(Map.of());

  /**
   * Reads a deployment's options.
   *
   * @throws GatewayException INTERNAL naming an unknown option or a wrong value
   */
  static TritonOptions parse(Map<String, String> options) {
    for (String name : options.keySet()) {
      if (!NAMES.contains(name)) {
        throw misconfigured("The deployment option '" + name + "' is not a Triton option (known: "
            + String.join(", ", new TreeSet<>(NAMES)) + ").");
      }
    }
    return new TritonOptions(nonBlank(options, TOKENIZER_CONFIG, null),
        Backend.valueOf(oneOf(options, "backend", "trtllm", "trtllm", "vllm")),
        positive(options, DEFAULT_MAX_TOKENS),
        StreamText.valueOf(oneOf(options, "stream_text", "incremental", "incremental",
            "cumulative")),
        nonBlank(options, "text_input", "text_input"), nonBlank(options, "text_output", "text_output"),
        nonBlank(options, "model_version", null), nonBlank(options, "input_tensor", "text"),
        nonBlank(options, "output_tensor", "embedding"),
        oneOf(options, "input_shape", "batched", "batched", "flat").equals("BATCHED"),
        positive(options, "dimensions"));
  }

  static GatewayException misconfigured(String message) {
    return new GatewayException(ErrorKind.INTERNAL, message, null, -1, null);
  }

  private static String nonBlank(Map<String, String> options, String name, String fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    if (value.isBlank()) {
      throw misconfigured("The deployment option '" + name + "' must not be empty.");
    }
    return value.trim();
  }

  /** The value among {@code allowed}, upper-cased for {@code valueOf}. */
  private static String oneOf(Map<String, String> options, String name, String fallback,
      String... allowed) {
    String value = options.getOrDefault(name, fallback).trim().toLowerCase(Locale.ROOT);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value.toUpperCase(Locale.ROOT);
      }
    }
    throw misconfigured("The deployment option '" + name + "' must be one of "
        + String.join(", ", allowed) + ".");
  }

  private static Integer positive(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw misconfigured("The deployment option '" + name + "' must be a positive integer.");
  }
}
