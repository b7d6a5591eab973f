package dev.gantry.sdk.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The SDK's one {@link ObjectMapper}: snake_case names, unknown fields ignored, nulls omitted. */
public final class Json {
  /** Shared, thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  /** A parse failure's message without Jackson's source excerpt (which may hold request data). */
  public static String describe(java.io.IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage() : String.valueOf(e.getMessage());
  }
}
