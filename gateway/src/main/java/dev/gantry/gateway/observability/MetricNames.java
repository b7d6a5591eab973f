package dev.gantry.gateway.observability;

/** Meter and tag names. Meters are {@code gantry.<area>.<measure>}; tags follow OTel GenAI. */
public final class MetricNames {

  private MetricNames() {}

  public static final String REQUESTS = "gantry.requests";
  public static final String REQUEST_DURATION = "gantry.request.duration";
  public static final String TIME_TO_FIRST_TOKEN = "gantry.time_to_first_token";
  public static final String OVERHEAD = "gantry.overhead";
  public static final String TOKENS = "gantry.tokens";
  /** 1 while a deployment's circuit breaker is open or half-open, else 0. */
  public static final String BREAKER_OPEN = "gantry.deployment.breaker.open";
  public static final String IN_FLIGHT = "gantry.deployment.in_flight";
  /** Provider token counts that fell back to the estimate (failed, slow or not possible). */
  public static final String TOKEN_COUNT_FALLBACKS = "gantry.tokens.count.fallbacks";
  public static final String CACHE_LOOKUPS = "gantry.cache.lookups";
  public static final String CACHE_ENTRIES = "gantry.cache.entries";
  public static final String CACHE_BYTES = "gantry.cache.bytes";
  public static final String CACHE_EVICTIONS = "gantry.cache.evictions";

  public static final String OPERATION = "gen_ai.operation.name";
  public static final String PROVIDER = "gen_ai.provider.name";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  public static final String DEPLOYMENT = "deployment";
  public static final String OUTCOME = "outcome";
  public static final String ERROR_TYPE = "error.type";
}
