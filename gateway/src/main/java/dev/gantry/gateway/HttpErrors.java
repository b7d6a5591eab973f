package dev.gantry.gateway;

import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error path of the HTTP surfaces: every failure leaves as an OpenAI error object. */
public final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** Sends {@code error} unless the response already started (then it just closes). */
  public static void send(RoutingContext ctx, GatewayException error, String requestId) {
    HttpServerResponse resp = ctx.response();
    if (error.kind() == ErrorKind.INTERNAL) {
      LOG.error("request_id={} internal error", requestId, error.getCause() != null ? error.getCause() : error);
    } else if (error.kind().status() >= 500) {
      LOG.warn("request_id={} kind={} message=\"{}\"", requestId, error.kind(), error.getMessage());
    }
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    resp.setStatusCode(error.kind().status())
        .putHeader("content-type", "application/json")
        .putHeader(RequestIds.HEADER, requestId);
    if (error.retryAfterSeconds() >= 0) {
      resp.putHeader("retry-after", Long.toString(error.retryAfterSeconds()));
    }
    resp.end(OpenAiErrors.write(error));
  }

  /** Maps a status set by Vert.x Web itself (no route, body too large, ...) to the taxonomy. */
  public static GatewayException fromStatus(int status, Throwable failure) {
    if (failure instanceof GatewayException) {
      return (GatewayException) failure;
    }
    switch (status) {
      case 404:
        return new GatewayException(ErrorKind.NOT_FOUND, "Unknown request URL. See the OpenAI API reference for valid paths.");
      case 405:
        return new GatewayException(ErrorKind.METHOD_NOT_ALLOWED, "This HTTP method is not allowed on this path.");
      case 413:
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The request body is larger than this gateway accepts.");
      case 415:
        return new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.");
      case 400:
        return GatewayException.invalid("The request could not be read.", null);
      default:
        return GatewayException.from(failure != null ? failure : new IllegalStateException("HTTP " + status));
    }
  }
}
