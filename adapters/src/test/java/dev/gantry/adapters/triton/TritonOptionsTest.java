package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TritonOptionsTest {

  @Test
  void parse_none_defaults() {
    assertThat(TritonOptions.DEFAULTS).isEqualTo(new TritonOptions(null,
        TritonOptions.Backend.TRTLLM, null, TritonOptions.StreamText.INCREMENTAL, "text_input",
        "text_output", null, "text", "embedding", true, null));
  }

  @Test
  void parse_all_bindsThem() {
    assertThat(TritonOptions.parse(Map.ofEntries(Map.entry("tokenizer_config", "/m/t.json"),
        Map.entry("backend", "VLLM"), Map.entry("default_max_tokens", "512"),
        Map.entry("stream_text", "cumulative"), Map.entry("text_input", "PROMPT"),
        Map.entry("text_output", "TEXT"), Map.entry("model_version", "3"),
        Map.entry("input_tensor", "INPUT0"), Map.entry("output_tensor", "OUTPUT0"),
        Map.entry("input_shape", "flat"), Map.entry("dimensions", "768"))))
        .isEqualTo(new TritonOptions("/m/t.json", TritonOptions.Backend.VLLM, 512,
            TritonOptions.StreamText.CUMULATIVE, "PROMPT", "TEXT", "3", "INPUT0", "OUTPUT0", false,
            768));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "backend|tgi|'backend' must be one of trtllm, vllm",
      "stream_text|delta|'stream_text' must be one of incremental, cumulative",
      "input_shape|[n,1]|'input_shape' must be one of batched, flat",
      "default_max_tokens|0|'default_max_tokens' must be a positive integer",
      "dimensions|many|'dimensions' must be a positive integer",
      "text_output|' '|'text_output' must not be empty",
      "tokenizer_confg|/m/t.json|'tokenizer_confg' is not a Triton option"})
  void parse_wrongOption_internalErrorNamingIt(String name, String value, String message) {
    assertThatThrownBy(() -> TritonOptions.parse(Map.of(name, value)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
          assertThat(e.getMessage()).contains(message);
        });
  }
}
