package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's {@code /info}, read once it answers, shared by every event loop using the adapter.
 * Three states: unknown (not read yet, or the server did not answer: read again later), known,
 * and absent (the server answered without one: a 4xx such as the router's 404, or a body that is
 * not TGI's or TEI's; never asked again).
 */
final class ServerInfoCache {

  private final HttpTransport transport;
  private final ProviderHttpRequest request;
  private final Duration timeout;
  /** Null while unknown; empty when the server has no {@code /info}. */
  private final AtomicReference<Optional<ServerInfo>> value = new AtomicReference<>();
  private final AtomicBoolean reading = new AtomicBoolean();

  /** @param timeout the longest a read of {@code /info} may take */
  ServerInfoCache(HttpTransport transport, ProviderHttpRequest request, Duration timeout) {
    this.transport = transport;
    this.request = request;
    this.timeout = timeout;
  }

  /** The information, if it was read. */
  Optional<ServerInfo> known() {
    Optional<ServerInfo> current = value.get();
    return current == null ? Optional.empty() : current;
  }

  /**
   * What is known, reading {@code /info} first while unknown (within {@code budget} at most);
   * empty when the server has none or did not answer.
   */
  Future<Optional<ServerInfo>> get(Duration budget) {
    Optional<ServerInfo> current = value.get();
    return current != null ? Future.succeededFuture(current)
        : read(budget.compareTo(timeout) < 0 ? budget : timeout).otherwise(e -> Optional.empty());
  }

  /** Reads {@code /info} in the background when it is still unknown and no read is running. */
  void refreshIfUnknown() {
    if (value.get() == null && reading.compareAndSet(false, true)) {
      refresh().onComplete(ar -> reading.set(false));
    }
  }

  /**
   * Reads {@code /info} now. Succeeds with the information, or empty when the server has none;
   * fails when the server did not answer (a network error, a 5xx, a 408 or 429).
   */
  Future<Optional<ServerInfo>> refresh() {
    return read(timeout);
  }

  private Future<Optional<ServerInfo>> read(Duration budget) {
    return transport.send(request, budget).compose(this::remember);
  }

  private Future<Optional<ServerInfo>> remember(UpstreamResponse response) {
    int status = response.status();
    if (status >= 500 || status == 408 || status == 429) {
      return Future.failedFuture(new IllegalStateException("GET /info answered HTTP " + status));
    }
    Optional<ServerInfo> read = Optional.empty();
    if (response.ok()) {
      try {
        read = Optional.of(ServerInfo.read(Json.parseUpstream(response.body())));
      } catch (RuntimeException e) {
        read = Optional.empty();
      }
    }
    value.set(read);
    return Future.succeededFuture(read);
  }
}
