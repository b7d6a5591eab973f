package dev.gantry.adapters.triton;

import dev.gantry.adapters.spi.Capability;
import java.util.Map;

/**
 * The provider contract for the {@code triton} provider type with a TensorRT-LLM ensemble, which
 * reports no token counts: the adapter reports no usage at all, for the gateway to count.
 */
class TritonTrtllmContractTest extends TritonContractTest {

  @Override
  protected String upstreamModel() {
    return FakeTriton.TRTLLM;
  }

  @Override
  protected Map<String, String> deploymentOptions() {
    return Map.of("tokenizer_config", QWEN3, "default_max_tokens", "64");
  }

  @Override
  protected boolean reportsUsage(Capability operation) {
    return false;
  }
}
