package dev.gantry.adapters.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseChunksTest {

  private final StreamUsage usage = new StreamUsage();
  private final SseChunks<Usage> frames = new SseChunks<>(usage, total -> total);
  private final List<Usage> out = new ArrayList<>();

  @Test
  void read_dataEvent_returnsItsJson() {
    assertThat(frames.read(SseEvent.data("{\"choices\":[]}"), out::add).has("choices")).isTrue();
    assertThat(out).isEmpty();
  }

  @Test
  void read_blankData_returnsNull() {
    assertThat(frames.read(SseEvent.data(" "), out::add)).isNull();
  }

  @Test
  void read_doneThenMore_emitsUsageOnceAndIgnoresTheRest() {
    usage.report(Usage.of(3, 4));

    assertThat(frames.read(SseEvent.data("[DONE]"), out::add)).isNull();
    assertThat(frames.read(SseEvent.data("{\"choices\":[]}"), out::add)).isNull();
    frames.end(out::add);

    assertThat(out).containsExactly(Usage.of(3, 4));
  }

  @Test
  void read_errorEvent_throwsMappedError() {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> frames.read(
        new SseEvent("error", "{\"message\":\"bad grammar\",\"type\":\"invalid_request_error\"}",
            null), out::add));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("bad grammar");
  }

  @Test
  void end_noUsage_emitsNothing() {
    frames.end(out::add);

    assertThat(out).isEmpty();
  }
}
