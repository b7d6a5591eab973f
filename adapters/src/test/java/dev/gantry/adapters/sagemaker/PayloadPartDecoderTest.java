package dev.gantry.adapters.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.bedrock.eventstream.EventStreamFramer;
import dev.gantry.adapters.huggingface.tgi.TgiCall;
import dev.gantry.adapters.huggingface.tgi.TgiGenerate;
import dev.gantry.adapters.huggingface.tgi.TgiStreamDecoder;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.stream.StreamDecoder;
import dev.gantry.adapters.template.ChatTemplate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The response stream of {@code InvokeEndpointWithResponseStream}: event-stream messages whose
 * {@code PayloadPart}s carry the container's SSE cut anywhere, decoded exactly as the SSE itself.
 */
class PayloadPartDecoderTest {

  private static final TgiCall TGI = TgiGenerate.prepare(ChatRequest.of("qwen3",
      List.of(dev.gantry.adapters.model.Message.user("Test request"))),
      ChatTemplate.fromTokenizerConfig(Path.of(SageMakerAdapterTest.QWEN3)));
  /** Event-stream write sizes cycled: they fall inside messages, never between them. */
  private static final int[] PIECES = {1, 7, 13, 2, 150, 31};

  /** Two tokens with multi-byte characters, then the last event with TGI's usage. */
  private static final String MULTIBYTE = ""
      + "data:{\"index\":1,\"token\":{\"id\":1,\"text\":\"Zürich \",\"logprob\":-0.1,"
      + "\"special\":false},\"generated_text\":null,\"details\":null}\n\n"
      + "data:{\"index\":2,\"token\":{\"id\":2,\"text\":\"☀️\",\"logprob\":-0.1,"
      + "\"special\":false},\"generated_text\":\"Zürich ☀️\",\"details\":{\"finish_reason\":"
      + "\"eos_token\",\"generated_tokens\":2,\"seed\":null,\"input_length\":9}}\n\n";

  @Test
  void decode_tgiStreamInTwoPartsCutAtEveryByte_sameChunksAsTheSse() {
    for (byte[] sse : List.of(FakeSageMaker.resource("/sagemaker/tgi-stream.sse").getBytes(),
        MULTIBYTE.getBytes(StandardCharsets.UTF_8))) {
      List<ChatChunk> expected = sseOnly(sse, () -> new TgiStreamDecoder(TGI));
      assertThat(expected).hasSizeGreaterThan(2);
      for (int cut = 1; cut < sse.length; cut++) {
        Buffer body = FakeSageMaker.payloadPart(slice(sse, 0, cut))
            .appendBuffer(FakeSageMaker.payloadPart(slice(sse, cut, sse.length)));

        assertThat(decode(body, new TgiStreamDecoder(TGI))).as("cut at byte %d", cut)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void decode_partEndingMidEventAndMidCharacter_eventCompletedByTheNextPart() {
    byte[] sse = MULTIBYTE.getBytes(StandardCharsets.UTF_8);
    int midEvent = MULTIBYTE.indexOf("\"text\":\"Zü") + 10;
    int midCharacter = MULTIBYTE.substring(0, MULTIBYTE.indexOf("☀")).getBytes(
        StandardCharsets.UTF_8).length + 1;
    Buffer body = FakeSageMaker.payloadPart(slice(sse, 0, midEvent))
        .appendBuffer(FakeSageMaker.payloadPart(slice(sse, midEvent, midCharacter)))
        .appendBuffer(FakeSageMaker.payloadPart(slice(sse, midCharacter, sse.length)));

    assertThat(decode(body, new TgiStreamDecoder(TGI))).containsExactly(
        ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "Zürich ")),
        ChatChunk.of(ChatChunk.Delta.text(0, "☀️")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)),
        ChatChunk.usage(Usage.of(9, 2)));
  }

  @Test
  void decode_openAiStreamInPayloadParts_sameChunksAsTheSse() {
    byte[] sse = FakeSageMaker.resource("/golden/openai/chat/chat-streaming/provider-response.sse")
        .getBytes();

    assertThat(decode(FakeSageMaker.payloadParts(Buffer.buffer(sse)),
        new OpenAiCompatStreamDecoder()))
        .isEqualTo(sseOnly(sse, OpenAiCompatStreamDecoder::new)).hasSizeGreaterThan(3);
  }

  @Test
  void decode_modelStreamErrorTimeExceeded_failsTimeoutWithoutAccountOrLink() {
    GatewayException e = failure(FakeSageMaker.exception("ModelStreamError", new JsonObject()
        .put("Message", "Your model did not finish in time. See https://us-east-1.console.aws."
            + "amazon.com/cloudwatch/home in account 123456789012 for more information.")
        .put("ErrorCode", "ModelInvocationTimeExceeded")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(e.getMessage()).isEqualTo("The SageMaker model did not finish its answer in time "
        + "(ModelStreamError ModelInvocationTimeExceeded: Your model did not finish in time).");
  }

  @Test
  void decode_modelStreamErrorStreamBroken_failsUpstreamError() {
    GatewayException e = failure(FakeSageMaker.exception("ModelStreamError",
        new JsonObject().put("Message", "The stream was broken.").put("ErrorCode", "StreamBroken")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.kind().retryable()).isTrue();
    assertThat(e.getMessage()).contains("ModelStreamError StreamBroken");
  }

  @Test
  void decode_internalStreamFailure_failsUpstreamError() {
    GatewayException e = failure(FakeSageMaker.exception("InternalStreamFailure",
        new JsonObject().put("Message", "Internal failure. Try your request again.")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("SageMaker failed (InternalStreamFailure: Internal "
        + "failure. Try your request again).");
  }

  @Test
  void decode_unmodeledErrorMessage_mappedByItsCode() {
    Map<String, HeaderValue> headers = Map.of(":message-type", HeaderValue.fromString("error"),
        ":error-code", HeaderValue.fromString("ThrottlingException"),
        ":error-message", HeaderValue.fromString("Rate exceeded"));

    GatewayException e = failure(encode(new Message(headers, new byte[0])));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
  }

  @Test
  void decode_otherEventTypes_ignored() {
    Map<String, HeaderValue> headers = Map.of(":message-type", HeaderValue.fromString("event"),
        ":event-type", HeaderValue.fromString("Heartbeat"));
    Buffer body = encode(new Message(headers, "data:{}\n\n".getBytes(StandardCharsets.UTF_8)))
        .appendBuffer(FakeSageMaker.payloadPart(MULTIBYTE.getBytes(StandardCharsets.UTF_8)));

    assertThat(decode(body, new TgiStreamDecoder(TGI)))
        .isEqualTo(sseOnly(MULTIBYTE.getBytes(StandardCharsets.UTF_8),
            () -> new TgiStreamDecoder(TGI)));
  }

  @Test
  void end_beforeTheContainersLastEvent_failsAsTheContainerDecoderSays() {
    byte[] firstEvent = MULTIBYTE.substring(0, MULTIBYTE.indexOf("\n\n") + 2)
        .getBytes(StandardCharsets.UTF_8);

    GatewayException e = failure(FakeSageMaker.payloadPart(firstEvent));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("ended early");
  }

  /** The chunks of an event-stream body written in awkward pieces; throws a mapped failure. */
  private static List<ChatChunk> decode(Buffer body, StreamDecoder<SseEvent, ChatChunk> tgi) {
    EventStreamFramer framer = new EventStreamFramer("SageMaker");
    PayloadPartDecoder<SseEvent, ChatChunk> decoder =
        new PayloadPartDecoder<>(new SseFramer(), tgi);
    List<ChatChunk> out = new ArrayList<>();
    int offset = 0;
    for (int i = 0; offset < body.length(); i++) {
      int end = Math.min(body.length(), offset + PIECES[i % PIECES.length]);
      framer.feed(body.getBuffer(offset, end), m -> decoder.decode(m, out::add));
      offset = end;
    }
    framer.end(m -> decoder.decode(m, out::add));
    decoder.end(out::add);
    return out;
  }

  /** The chunks of the SSE itself, as the container's own stream would give them. */
  private static List<ChatChunk> sseOnly(byte[] sse,
      Supplier<StreamDecoder<SseEvent, ChatChunk>> decoder) {
    StreamDecoder<SseEvent, ChatChunk> d = decoder.get();
    SseFramer framer = new SseFramer();
    List<ChatChunk> out = new ArrayList<>();
    framer.feed(Buffer.buffer(sse), e -> d.decode(e, out::add));
    framer.end(e -> d.decode(e, out::add));
    d.end(out::add);
    return out;
  }

  private static GatewayException failure(Buffer body) {
    try {
      decode(body, new TgiStreamDecoder(TGI));
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("the stream did not fail");
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return java.util.Arrays.copyOfRange(bytes, from, to);
  }

  private static Buffer encode(Message message) {
    java.nio.ByteBuffer bytes = message.toByteBuffer();
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return Buffer.buffer(out);
  }
}
