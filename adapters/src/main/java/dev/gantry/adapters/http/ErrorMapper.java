package dev.gantry.adapters.http;

import dev.gantry.adapters.spi.GatewayException;

/** A provider's mapping of an HTTP error response onto the taxonomy (pure). */
@FunctionalInterface
public interface ErrorMapper {
  GatewayException map(UpstreamResponse response);
}
