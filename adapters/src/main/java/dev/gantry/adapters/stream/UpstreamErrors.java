package dev.gantry.adapters.stream;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Maps transport failures (no HTTP answer at all) onto the taxonomy. */
public final class UpstreamErrors {

  private UpstreamErrors() {}

  /** A connection or I/O failure talking to a provider. */
  public static GatewayException network(Throwable t) {
    if (t instanceof GatewayException) {
      return (GatewayException) t;
    }
    if (t instanceof TimeoutException
        || (t.getClass().getSimpleName().contains("Timeout"))) {
      return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream model server timed out.",
          null, -1, t);
    }
    if (t instanceof ConnectException || t instanceof UnknownHostException
        || t.getCause() instanceof ConnectException) {
      return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
          "The upstream model server is unreachable.", null, -1, t);
    }
    if (t instanceof HttpClosedException || t instanceof ClosedChannelException
        || t instanceof StreamResetException) {
      return new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The upstream model server closed the connection.", null, -1, t);
    }
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The upstream model server failed: " + t.getClass().getSimpleName() + ".", null, -1, t);
  }

  /** A 2xx response the translator could not understand. */
  public static GatewayException malformed(Throwable t) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The upstream model server sent a response the gateway could not read.", null, -1, t);
  }

  /**
   * The generic mapping of an upstream HTTP error status, for providers whose body says nothing
   * more specific.
   *
   * @param message a short message for the client (the provider's own, when safe)
   */
  public static GatewayException forStatus(int status, String message, long retryAfterSeconds) {
    ErrorKind kind;
    if (status == 400 || status == 422) {
      kind = ErrorKind.INVALID_REQUEST;
    } else if (status == 413) {
      kind = ErrorKind.INVALID_REQUEST;
    } else if (status == 429) {
      kind = ErrorKind.UPSTREAM_RATE_LIMITED;
    } else if (status == 408 || status == 504) {
      kind = ErrorKind.UPSTREAM_TIMEOUT;
    } else if (status == 503 || status == 502) {
      kind = ErrorKind.UPSTREAM_UNAVAILABLE;
    } else {
      kind = ErrorKind.UPSTREAM_ERROR;
    }
    if (status == 404) {
      message = "The upstream server does not know this model or path (HTTP 404); check the deployment.";
    }
    if (status == 401 || status == 403) {
      message = "The upstream provider rejected the gateway's credentials (HTTP " + status + ").";
    }
    return new GatewayException(kind, message, null, retryAfterSeconds, null);
  }
}
