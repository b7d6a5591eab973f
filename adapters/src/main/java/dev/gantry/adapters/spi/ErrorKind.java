package dev.gantry.adapters.spi;

/**
 * The error taxonomy. Each kind fixes the HTTP status, the OpenAI error {@code type} and
 * {@code code} the client sees, and whether another attempt (on this or another deployment) may
 * succeed. Nothing is retryable by default: each kind says so explicitly.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, "invalid_request_error", null, false),
  AUTHENTICATION(401, "invalid_request_error", "invalid_api_key", false),
  PERMISSION(403, "permission_error", "model_not_allowed", false),
  NOT_FOUND(404, "invalid_request_error", "not_found", false),
  MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", false),
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed", false),
  PAYLOAD_TOO_LARGE(413, "invalid_request_error", "request_too_large", false),
  UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type", false),
  /** A change that clashes with what is stored (a duplicate name). */
  CONFLICT(409, "invalid_request_error", "conflict", false),
  PRECONDITION_FAILED(412, "invalid_request_error", "precondition_failed", false),
  CONTEXT_LENGTH(400, "invalid_request_error", "context_length_exceeded", false),
  CONTENT_FILTERED(400, "invalid_request_error", "content_filter", false),
  UNSUPPORTED(400, "invalid_request_error", "unsupported_feature", false),
  RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", false),
  /** A key's or team's spending budget for the period is used up (OpenAI's quota error). */
  BUDGET_EXCEEDED(429, "insufficient_quota", "insufficient_quota", false),
  UPSTREAM_RATE_LIMITED(429, "rate_limit_error", "upstream_rate_limited", true),
  UPSTREAM_TIMEOUT(504, "server_error", "upstream_timeout", true),
  /** {@code Cache-Control: only-if-cached} and no cached answer (RFC 9111's 504). */
  NOT_CACHED(504, "invalid_request_error", "not_cached", false),
  UPSTREAM_UNAVAILABLE(503, "server_error", "upstream_unavailable", true),
  UPSTREAM_ERROR(502, "server_error", "upstream_error", true),
  ALL_DEPLOYMENTS_FAILED(502, "server_error", "all_deployments_failed", false),
  INTERNAL(500, "server_error", "internal_error", false);

  private final int status;
  private final String type;
  private final String code;
  private final boolean retryable;

  ErrorKind(int status, String type, String code, boolean retryable) {
    this.status = status;
    this.type = type;
    this.code = code;
    this.retryable = retryable;
  }

  public int status() {
    return status;
  }

  /** The OpenAI error {@code type}. */
  public String type() {
    return type;
  }

  /** The OpenAI error {@code code}, or null for plain invalid requests. */
  public String code() {
    return code;
  }

  /** Whether another attempt may succeed (failover and retries act only on these). */
  public boolean retryable() {
    return retryable;
  }
}
