package dev.gantry.adapters.bedrock.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

class EventStreamFramerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64 = Base64.getDecoder();

  static Stream<String> positiveVectors() throws IOException {
    return names("test-vectors/encoded/positive");
  }

  static Stream<String> negativeVectors() throws IOException {
    return names("test-vectors/encoded/negative");
  }

  static Stream<String> captures() throws IOException {
    return names("converse-stream").filter(n -> n.endsWith(".eventstream.bin"))
        .map(n -> n.substring(0, n.length() - ".eventstream.bin".length()));
  }

  @ParameterizedTest
  @MethodSource("positiveVectors")
  void feed_awsPositiveVector_decodesHeadersAndPayloadAsSpecified(String name) throws IOException {
    byte[] bytes = read("test-vectors/encoded/positive/" + name);
    JsonNode expected = JSON.readTree(read("test-vectors/decoded/positive/" + name));

    List<Message> messages = frame(bytes, bytes.length);

    assertThat(messages).hasSize(1);
    Message message = messages.get(0);
    ByteBuffer raw = ByteBuffer.wrap(bytes);
    assertThat(raw.getInt(0)).isEqualTo(expected.get("total_length").asInt()).isEqualTo(bytes.length);
    assertThat(raw.getInt(4)).isEqualTo(expected.get("headers_length").asInt());
    // the JSON prints CRCs as signed or unsigned 32-bit ints: compare the 32 bits
    assertThat(raw.getInt(8)).isEqualTo((int) expected.get("prelude_crc").asLong())
        .isEqualTo((int) crc(bytes, 0, 8));
    assertThat(raw.getInt(bytes.length - 4)).isEqualTo((int) expected.get("message_crc").asLong())
        .isEqualTo((int) crc(bytes, 0, bytes.length - 4));
    assertThat(message.getPayload()).isEqualTo(B64.decode(expected.get("payload").asText()));
    assertHeaders(message.getHeaders(), expected.get("headers"));
  }

  @ParameterizedTest
  @MethodSource("positiveVectors")
  void feed_awsPositiveVectorSplitAnywhere_yieldsTheSameMessage(String name) throws IOException {
    byte[] bytes = read("test-vectors/encoded/positive/" + name);
    List<Message> whole = frame(bytes, bytes.length);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(frameSplitAt(bytes, cut)).as("split at %d", cut).isEqualTo(whole);
    }
    assertThat(frame(bytes, 1)).isEqualTo(whole);
  }

  @ParameterizedTest
  @MethodSource("negativeVectors")
  void feed_awsNegativeVector_failsAsCorruptedUpstream(String name) throws IOException {
    byte[] bytes = read("test-vectors/encoded/negative/" + name);
    String expectedReason = new String(read("test-vectors/decoded/negative/" + name),
        StandardCharsets.UTF_8).trim();
    List<Message> out = new ArrayList<>();

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> new EventStreamFramer().feed(Buffer.buffer(bytes), out::add));

    assertThat(out).isEmpty();
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).startsWith("corrupted event stream from Bedrock (")
        .containsIgnoringCase(expectedReason);
  }

  @Test
  void feed_corruptedLengthInFirstBytes_failsBeforeTheRestArrives() throws IOException {
    byte[] bytes = read("test-vectors/encoded/negative/corrupted_length");
    EventStreamFramer framer = new EventStreamFramer();
    framer.feed(Buffer.buffer().appendBytes(bytes, 0, 11), m -> { });

    assertThatThrownBy(() -> framer.feed(Buffer.buffer().appendBytes(bytes, 11, 1), m -> { }))
        .isInstanceOf(GatewayException.class)
        .hasMessage("corrupted event stream from Bedrock (prelude checksum mismatch).");
  }

  @Test
  void feed_preludeWithValidCrcButHugeLength_failsWithoutBuffering() {
    ByteBuffer prelude = ByteBuffer.allocate(12).putInt(0x7fff_fff0).putInt(0);
    prelude.putInt((int) crc(prelude.array(), 0, 8));

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> new EventStreamFramer().feed(Buffer.buffer(prelude.array()), m -> { }));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("corrupted event stream from Bedrock (impossible lengths in a message prelude).");
  }

  @Test
  void feed_afterAFailure_keepsFailing() throws IOException {
    byte[] bytes = read("test-vectors/encoded/negative/corrupted_payload");
    EventStreamFramer framer = new EventStreamFramer();
    assertThatThrownBy(() -> framer.feed(Buffer.buffer(bytes), m -> { }))
        .isInstanceOf(GatewayException.class);

    assertThatThrownBy(() -> framer.feed(Buffer.buffer(new byte[1]), m -> { }))
        .isInstanceOf(GatewayException.class)
        .hasMessage("corrupted event stream from Bedrock (message checksum mismatch).");
  }

  @Test
  void end_withPartialMessage_failsAsEndedMidMessage() throws IOException {
    byte[] bytes = read("test-vectors/encoded/positive/payload_one_str_header");
    EventStreamFramer framer = new EventStreamFramer();
    List<Message> out = new ArrayList<>();
    framer.feed(Buffer.buffer(bytes), out::add);
    framer.feed(Buffer.buffer().appendBytes(bytes, 0, 20), out::add);

    GatewayException e = catchThrowableOfType(GatewayException.class, () -> framer.end(out::add));

    assertThat(out).hasSize(1);
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("Bedrock event stream ended mid-message (20 bytes of an incomplete message).");
  }

  @Test
  void end_betweenMessages_emitsNothingMore() throws IOException {
    byte[] bytes = read("test-vectors/encoded/positive/empty_message");
    EventStreamFramer framer = new EventStreamFramer();
    List<Message> out = new ArrayList<>();
    framer.feed(Buffer.buffer(bytes), out::add);
    framer.end(out::add);

    assertThat(out).containsExactly(new Message(Map.of(), new byte[0]));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void feed_realConverseStreamSplitAtEveryByte_yieldsTheRecordedFrames(String capture)
      throws IOException {
    byte[] bytes = read("converse-stream/" + capture + ".eventstream.bin");
    List<String> lines = Files.readAllLines(dir("converse-stream")
        .resolve(capture + ".events.jsonl"), StandardCharsets.UTF_8);

    List<Message> whole = frame(bytes, bytes.length);

    assertThat(whole).hasSize(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode expected = JSON.readTree(lines.get(i));
      Message message = whole.get(i);
      Map<String, String> headers = new LinkedHashMap<>();
      message.getHeaders().forEach((k, v) -> headers.put(k, v.getString()));
      assertThat(headers).as("frame %d headers", i)
          .containsExactlyEntriesOf(JSON.convertValue(expected.get("headers"), STRING_MAP));
      assertThat(JSON.readTree(message.getPayload())).as("frame %d payload", i)
          .isEqualTo(expected.get("payload"));
      assertThat(message.toByteBuffer().remaining()).as("frame %d length", i)
          .isEqualTo(expected.get("total_length").asInt());
    }
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(frameSplitAt(bytes, cut)).as("split at %d", cut).isEqualTo(whole);
    }
    assertThat(frame(bytes, 1)).as("fed one byte at a time").isEqualTo(whole);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>
      STRING_MAP = new com.fasterxml.jackson.core.type.TypeReference<>() { };

  private static void assertHeaders(Map<String, HeaderValue> actual, JsonNode expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(
        stream(expected.elements()).map(h -> h.get("name").asText()).collect(Collectors.toList()));
    for (JsonNode header : expected) {
      HeaderValue value = actual.get(header.get("name").asText());
      int type = header.get("type").asInt();
      JsonNode v = header.get("value");
      assertThat(((Enum<?>) (Object) value.getType()).ordinal()).as("type of %s", header)
          .isEqualTo(type);
      Object decoded;
      Object wanted;
      switch (type) {
        case 0:
        case 1:
          decoded = value.getBoolean();
          wanted = v.asBoolean();
          break;
        case 2:
          decoded = (long) value.getByte();
          wanted = v.asLong();
          break;
        case 3:
          decoded = (long) value.getShort();
          wanted = v.asLong();
          break;
        case 4:
          decoded = (long) value.getInteger();
          wanted = v.asLong();
          break;
        case 5:
          decoded = value.getLong();
          wanted = v.asLong();
          break;
        case 6:
          decoded = List.of(Base64.getEncoder().encodeToString(value.getByteArray()));
          wanted = List.of(v.asText());
          break;
        case 7:
          decoded = value.getString();
          wanted = new String(B64.decode(v.asText()), StandardCharsets.UTF_8);
          break;
        case 8:
          decoded = value.getTimestamp().toEpochMilli();
          wanted = v.asLong();
          break;
        case 9:
          ByteBuffer uuid = ByteBuffer.wrap(B64.decode(v.asText()));
          decoded = value.getUuid();
          wanted = new UUID(uuid.getLong(), uuid.getLong());
          break;
        default:
          throw new AssertionError("unknown header type " + type);
      }
      assertThat(decoded).as("value of %s", header).isEqualTo(wanted);
    }
  }

  private static List<Message> frame(byte[] bytes, int step) {
    EventStreamFramer framer = new EventStreamFramer();
    List<Message> out = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += step) {
      framer.feed(Buffer.buffer().appendBytes(bytes, from, Math.min(step, bytes.length - from)),
          out::add);
    }
    framer.end(out::add);
    return out;
  }

  private static List<Message> frameSplitAt(byte[] bytes, int cut) {
    EventStreamFramer framer = new EventStreamFramer();
    List<Message> out = new ArrayList<>();
    framer.feed(Buffer.buffer().appendBytes(bytes, 0, cut), out::add);
    framer.feed(Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut), out::add);
    framer.end(out::add);
    return out;
  }

  private static long crc(byte[] bytes, int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, length);
    return crc.getValue();
  }

  private static <T> Stream<T> stream(Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all.stream();
  }

  private static Stream<String> names(String folder) throws IOException {
    try (Stream<Path> files = Files.list(dir(folder))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList())
          .stream();
    }
  }

  private static byte[] read(String file) throws IOException {
    return Files.readAllBytes(dir("").resolve(file));
  }

  private static Path dir(String folder) {
    try {
      return Path.of(EventStreamFramerTest.class.getResource("/bedrock/eventstream/").toURI())
          .resolve(folder);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
