package dev.gantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.config.CacheSettings;
import dev.gantry.policies.cache.CacheKey;
import dev.gantry.policies.cache.CacheKeys;
import dev.gantry.policies.cache.CachedAnswer;
import dev.gantry.policies.cache.MemoryResponseCache;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A response-cache hit in process, as the cache stage serves it: the request's canonical key
 * (namespace, alias, SHA-256 of the canonical JSON), the lookup in {@link MemoryResponseCache},
 * decoding the stored 4 KB answer and writing it out as the client's {@code chat.completion}.
 * Sampled ({@link Mode#SampleTime}) so the report has percentiles (the target: p99 under
 * 1 ms). Baseline in the same run: parsing the same 4 KB of JSON with plain Jackson and writing it
 * back, the least any gateway serving a stored JSON answer does.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

  private static final ResponseMeta META = new ResponseMeta("chatcmpl-bench", 1_700_000_000L,
      "chat");

  private MemoryResponseCache cache;
  private ChatRequest request;
  private byte[] answerJson;

  @Setup
  public void setUp() throws IOException {
    cache = new MemoryResponseCache(64L << 20);
    request = OpenAiChat.readRequest(Json.MAPPER.readTree("{\"model\":\"chat\",\"temperature\":0,"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful assistant.\"},"
        + "{\"role\":\"user\",\"content\":\"Explain how a gateway cache keeps tenants apart.\"}]}"));
    ChatResponse answer = new ChatResponse(List.of(new ChatResponse.Choice(0,
        Message.assistant("A gateway cache keys every answer by the tenant's namespace. "
            .repeat(66)), null, null, FinishReason.STOP, null)), Usage.of(31, 900), null);
    answerJson = OpenAiChat.writeResponse(answer, META).getBytes();
    CacheKey key = CacheKeys.chat(namespace(), "chat", request);
    cache.put(key, new CachedAnswer(System.currentTimeMillis(), answer).encode(),
        Duration.ofHours(1));
    if (answerJson.length < 4000 || answerJson.length > 4400) {
      throw new IllegalStateException("the answer should be about 4 KB: " + answerJson.length);
    }
  }

  private static String namespace() {
    return CacheKeys.namespace(CacheSettings.Scope.TEAM, "bench-key", "bench-team");
  }

  @Benchmark
  public Buffer hit() {
    CacheKey key = CacheKeys.chat(namespace(), "chat", request);
    byte[] stored = cache.get(key).result();
    return OpenAiChat.writeResponse(CachedAnswer.decode(stored).chatResponse(), META);
  }

  @Benchmark
  public byte[] hitBaseline() throws IOException {
    JsonNode tree = Json.MAPPER.readTree(answerJson);
    return Json.MAPPER.writeValueAsBytes(tree);
  }
}
