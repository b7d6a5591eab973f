package dev.gantry.adapters.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One call to a provider: the canonical request, the provider-side model name chosen by routing,
 * and the call's context.
 *
 * @param upstreamModel the model name as the provider knows it (the deployment's {@code model})
 * @param requestId the gateway request id, forwarded where the provider accepts one
 * @param timeout the whole call's budget (for a stream: until the response headers arrive)
 */
public record Invocation<R>(R request, String upstreamModel, String requestId, Duration timeout) {
  public Invocation {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timeout, "timeout");
  }
}
