package dev.gantry.sdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The SDK's one {@link ObjectMapper}: snake_case names, unknown fields ignored, nulls omitted;
 * {@link Instant} and {@link LocalDate} as ISO-8601 strings ({@code 2027-01-31T00:00:00Z},
 * {@code 2027-01-31}), or, where a field says so, an {@code Instant} from epoch milliseconds
 * ({@link EpochMillis}).
 */
public final class Json {
  /** Shared, thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
      .registerModule(new SimpleModule("gantry-time")
          .addSerializer(Instant.class, ToStringSerializer.instance)
          .addSerializer(LocalDate.class, ToStringSerializer.instance)
          .addDeserializer(Instant.class, new IsoInstant())
          .addDeserializer(LocalDate.class, new IsoDate()));

  private Json() {}

  /** A parse failure's message without Jackson's source excerpt (which may hold request data). */
  public static String describe(java.io.IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage() : String.valueOf(e.getMessage());
  }

  /** An {@link Instant} from an ISO-8601 string. */
  static final class IsoInstant extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return Instant.parse(p.getValueAsString());
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getText(),
            "not an ISO-8601 instant");
      }
    }
  }

  /** A {@link LocalDate} from an ISO-8601 day. */
  static final class IsoDate extends JsonDeserializer<LocalDate> {
    @Override
    public LocalDate deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return LocalDate.parse(p.getValueAsString());
      } catch (DateTimeParseException | NullPointerException e) {
        return (LocalDate) ctx.handleWeirdStringValue(LocalDate.class, p.getText(),
            "not an ISO-8601 day");
      }
    }
  }

  /**
   * An {@link Instant} from epoch milliseconds, for the fields that carry them:
   * {@code @JsonDeserialize(using = Json.EpochMillis.class)}.
   */
  public static final class EpochMillis extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        return (Instant) ctx.handleUnexpectedToken(Instant.class, p);
      }
      return Instant.ofEpochMilli(p.getLongValue());
    }
  }
}
