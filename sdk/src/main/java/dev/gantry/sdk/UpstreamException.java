package dev.gantry.sdk;

/** 502, 503, 504: the model provider behind Gantry failed, was unavailable or timed out ({@code upstream_error}, {@code upstream_unavailable}, {@code upstream_timeout}, {@code all_deployments_failed}). */
public class UpstreamException extends InternalServerException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public UpstreamException(ErrorDetails error, Throwable cause) {
    super(error, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
