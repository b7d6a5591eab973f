package dev.gantry.adapters.triton;

import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider contract for the {@code triton} provider type with the vLLM backend, against a
 * {@link FakeTriton} that checks each request and answers with the {@code golden/triton} answers.
 * The vLLM backend reports token counts for chat when asked; embeddings through {@code /infer}
 * have none, so there the adapter must report no usage (the gateway counts it).
 */
class TritonContractTest extends ProviderContractTest {

  static final String QWEN3 = Path.of("src", "test", "resources", "templates",
      "qwen3-tokenizer_config.json").toAbsolutePath().toString();

  private FakeTriton fake;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return new FakeTriton(vertx).start().map(started -> {
      fake = started;
      return new TritonAdapter(vertx, new ProviderSettings.Triton("contract", started.baseUrl(),
          SecretRef.literal(FakeTriton.KEY), Map.of(), Duration.ofSeconds(5), 4), Map.of());
    });
  }

  @Override
  protected Future<Void> stop() {
    return fake.close().compose(v -> fake.problems().isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new AssertionError("the fake Triton found " + fake.problems())));
  }

  @Override
  protected String upstreamModel() {
    return FakeTriton.VLLM;
  }

  @Override
  protected Map<String, String> deploymentOptions() {
    return Map.of("tokenizer_config", QWEN3, "backend", "vllm", "default_max_tokens", "64");
  }

  @Override
  protected boolean reportsUsage(Capability operation) {
    return operation != Capability.EMBEDDINGS;
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.JSON_SCHEMA,
        Capability.EMBEDDINGS);
  }
}
