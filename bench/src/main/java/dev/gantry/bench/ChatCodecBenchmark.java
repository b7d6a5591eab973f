package dev.gantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.openaicompat.OpenAiCompatStreamDecoder;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The OpenAI codec on the paths every proxied chat request takes, each next to a plain-Jackson
 * baseline on the same bytes ({@code <name>Baseline}), so {@link JmhReport} can print ratios:
 * <ul>
 *   <li>client side: {@link #readRequest} (parse + validate + map a 2.1 KB request with tools),
 *       {@link #writeResponse} and {@link #writeChunk} (one content delta);</li>
 *   <li>upstream side: {@link #writeRequest} (canonical → upstream body), {@link #readResponse}
 *       and {@link #decodeStream} ({@link SseFramer} + {@link OpenAiCompatStreamDecoder} over a
 *       recorded 3.8 KB OpenAI stream, fed one network chunk per event).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ChatCodecBenchmark {

  private Buffer request;
  private byte[] requestBytes;
  private ChatRequest canonicalRequest;
  private JsonNode upstreamRequestTree;
  private Buffer upstreamResponse;
  private byte[] upstreamResponseBytes;
  private ChatResponse response;
  private JsonNode responseTree;
  private ChatChunk contentChunk;
  private JsonNode chunkTree;
  private ResponseMeta meta;
  private List<Buffer> streamChunks;
  private List<byte[]> streamJson;

  /** Loads the payloads and derives every input once, outside the measurement. */
  @Setup
  public void setUp() throws IOException {
    requestBytes = resource("chat-tools-request.json");
    request = Buffer.buffer(requestBytes);
    canonicalRequest = OpenAiChat.readRequest(Json.parse(request));
    upstreamRequestTree = Json.MAPPER.readTree(
        OpenAiChat.writeRequest(canonicalRequest, "m", false).getBytes());

    upstreamResponseBytes = FakeUpstream.chatCompletion().getBytes(StandardCharsets.UTF_8);
    upstreamResponse = Buffer.buffer(upstreamResponseBytes);
    response = OpenAiChat.readResponse(Json.parseUpstream(upstreamResponse));
    meta = new ResponseMeta("chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012", 1741569952L, "bench-chat");
    responseTree = Json.MAPPER.readTree(OpenAiChat.writeResponse(response, meta).getBytes());

    String stream = new String(resource("openai-chat-stream.sse"), StandardCharsets.UTF_8);
    streamChunks = new ArrayList<>();
    streamJson = new ArrayList<>();
    for (String event : stream.split("(?<=\n\n)")) {
      streamChunks.add(Buffer.buffer(event));
      String data = event.substring("data: ".length()).trim();
      if (!"[DONE]".equals(data)) {
        streamJson.add(data.getBytes(StandardCharsets.UTF_8));
      }
    }
    contentChunk = OpenAiChat.readChunk(Json.MAPPER.readTree(streamJson.get(1)));
    chunkTree = Json.MAPPER.readTree(OpenAiChat.writeChunk(contentChunk, meta, true).getBytes());
  }

  @Benchmark
  public ChatRequest readRequest() {
    return OpenAiChat.readRequest(Json.parse(request));
  }

  @Benchmark
  public JsonNode readRequestBaseline() throws IOException {
    return Json.MAPPER.readTree(requestBytes);
  }

  @Benchmark
  public Buffer writeRequest() {
    return OpenAiChat.writeRequest(canonicalRequest, "m", false);
  }

  @Benchmark
  public byte[] writeRequestBaseline() throws IOException {
    return Json.MAPPER.writeValueAsBytes(upstreamRequestTree);
  }

  @Benchmark
  public ChatResponse readResponse() {
    return OpenAiChat.readResponse(Json.parseUpstream(upstreamResponse));
  }

  @Benchmark
  public JsonNode readResponseBaseline() throws IOException {
    return Json.MAPPER.readTree(upstreamResponseBytes);
  }

  @Benchmark
  public Buffer writeResponse() {
    return OpenAiChat.writeResponse(response, meta);
  }

  @Benchmark
  public byte[] writeResponseBaseline() throws IOException {
    return Json.MAPPER.writeValueAsBytes(responseTree);
  }

  @Benchmark
  public Buffer writeChunk() {
    return OpenAiChat.writeChunk(contentChunk, meta, true);
  }

  @Benchmark
  public byte[] writeChunkBaseline() throws IOException {
    return Json.MAPPER.writeValueAsBytes(chunkTree);
  }

  /** The whole recorded stream through a fresh framer and decoder, as one upstream stream. */
  @Benchmark
  public void decodeStream(Blackhole bh) {
    SseFramer framer = new SseFramer();
    OpenAiCompatStreamDecoder decoder = new OpenAiCompatStreamDecoder();
    Consumer<ChatChunk> sink = bh::consume;
    Consumer<SseEvent> onEvent = event -> decoder.decode(event, sink);
    for (Buffer chunk : streamChunks) {
      framer.feed(chunk, onEvent);
    }
    framer.end(onEvent);
    decoder.end(sink);
  }

  /** Plain Jackson parse of every JSON event of the same stream. */
  @Benchmark
  public void decodeStreamBaseline(Blackhole bh) throws IOException {
    for (byte[] json : streamJson) {
      bh.consume(Json.MAPPER.readTree(json));
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = ChatCodecBenchmark.class.getResourceAsStream("/bench/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /bench/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
