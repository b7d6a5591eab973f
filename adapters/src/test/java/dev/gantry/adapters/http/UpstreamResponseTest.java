package dev.gantry.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class UpstreamResponseTest {

  private static long retryAfter(String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return new UpstreamResponse(429, map, Buffer.buffer()).retryAfterSeconds();
  }

  @Test
  void retryAfter_secondsMillisAndDates() {
    assertThat(retryAfter()).isEqualTo(-1);
    assertThat(retryAfter("Retry-After", "7")).isEqualTo(7);
    assertThat(retryAfter("retry-after", "1.2")).isEqualTo(2);
    assertThat(retryAfter("retry-after-ms", "1500", "retry-after", "9")).as("ms wins").isEqualTo(2);
    assertThat(retryAfter("retry-after-ms", "x", "retry-after", "9")).isEqualTo(9);
    assertThat(retryAfter("retry-after", "soon")).isEqualTo(-1);
    String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60)
        .format(DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(retryAfter("retry-after", inAMinute)).isBetween(58L, 60L);
  }
}
