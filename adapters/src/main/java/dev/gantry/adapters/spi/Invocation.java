package dev.gantry.adapters.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One call to a provider: the canonical request, the provider-side model name chosen by routing,
 * and the call's context.
 *
 * @param upstreamModel the model name as the provider knows it (the deployment's {@code model})
 * @param options the deployment's provider-specific options (e.g. a Cohere {@code input_type})
 * @param requestId the gateway request id, forwarded where the provider accepts one
 * @param timeout the whole call's budget (for a stream: until the response headers arrive)
 * @param cancellation tells the call when its client went away
 */
public record Invocation<R>(R request, String upstreamModel, Map<String, String> options,
    String requestId, Duration timeout, Cancellation cancellation) {
  public Invocation {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    options = options == null ? Map.of() : Map.copyOf(options);
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timeout, "timeout");
    cancellation = cancellation == null ? Cancellation.NONE : cancellation;
  }

  /** A call nobody cancels. */
  public Invocation(R request, String upstreamModel, Map<String, String> options,
      String requestId, Duration timeout) {
    this(request, upstreamModel, options, requestId, timeout, Cancellation.NONE);
  }

  /** This call with {@code left} as its budget (what remains of it after waiting). */
  public Invocation<R> withTimeout(Duration left) {
    return new Invocation<>(request, upstreamModel, options, requestId, left, cancellation);
  }

  /** A call with no deployment options. */
  public Invocation(R request, String upstreamModel, String requestId, Duration timeout) {
    this(request, upstreamModel, Map.of(), requestId, timeout);
  }
}
