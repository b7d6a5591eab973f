package dev.gantry.adapters.local;

import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.Set;

/**
 * The provider contract for the {@code local} provider type: the real all-MiniLM-L6-v2 model, in
 * process, with nothing upstream to fake.
 */
class LocalEmbeddingContractTest extends ProviderContractTest {

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return Future.succeededFuture(
        new LocalEmbeddingAdapter(vertx, new ProviderSettings.Local("contract", 1, 0)));
  }

  @Override
  protected String upstreamModel() {
    return MiniLmEmbedder.MODEL;
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.EMBEDDINGS);
  }
}
