package dev.gantry.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A minimal, fast OpenAI-compatible upstream for load tests: {@code POST /v1/chat/completions}
 * answers a fixed {@code chat.completion} (or, for {@code "stream": true}, a fixed SSE stream of
 * role, 10 content deltas, finish, usage and {@code [DONE]}), {@code POST /v1/embeddings} a fixed
 * 384-dimension vector (floats, or base64 when asked) and {@code GET /v1/models} one model. Every
 * body is built once; a request costs reading its body and writing shared buffers.
 *
 * <p>Run: {@code java -cp ... dev.gantry.bench.FakeUpstream <port>} (loopback only, one verticle
 * instance per core).
 */
public final class FakeUpstream extends VerticleBase {

  static final String MODEL = "m";
  static final int DIMENSIONS = 384;

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  private static final Buffer CHAT = Buffer.buffer(chatCompletion());
  private static final List<Buffer> STREAM = streamEvents();
  private static final Buffer EMBEDDING_FLOAT = Buffer.buffer(embeddings(false));
  private static final Buffer EMBEDDING_BASE64 = Buffer.buffer(embeddings(true));
  private static final Buffer MODELS = Buffer.buffer(
      "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\","
          + "\"created\":1700000000,\"owned_by\":\"bench\"}]}");
  private static final Buffer NOT_FOUND = Buffer.buffer(
      "{\"error\":{\"message\":\"Unknown path\",\"type\":\"invalid_request_error\","
          + "\"param\":null,\"code\":\"not_found\"}}");

  private final int port;

  FakeUpstream(int port) {
    this.port = port;
  }

  /** Starts {@code availableProcessors()} instances on {@code 127.0.0.1:<port>}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: FakeUpstream <port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    deploy(vertx, port, instances)
        .onSuccess(id -> System.out.printf(Locale.ROOT,
            "fake upstream listening on 127.0.0.1:%d (%d instances)%n", port, instances))
        .onFailure(err -> {
          System.err.println("fake upstream failed to start: " + err);
          vertx.close();
          System.exit(1);
        });
  }

  /** Deploys {@code instances} servers sharing {@code 127.0.0.1:<port>}. */
  public static Future<String> deploy(Vertx vertx, int port, int instances) {
    return vertx.deployVerticle(() -> new FakeUpstream(port),
        new DeploymentOptions().setInstances(instances));
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(this::route).listen();
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    if (method == HttpMethod.POST && "/v1/chat/completions".equals(path)) {
      request.body().onSuccess(body -> chat(request.response(), body));
    } else if (method == HttpMethod.POST && "/v1/embeddings".equals(path)) {
      request.body().onSuccess(body -> embeddings(request.response(), body));
    } else if (method == HttpMethod.GET && "/v1/models".equals(path)) {
      json(request.response(), 200, MODELS);
    } else {
      json(request.response(), 404, NOT_FOUND);
    }
  }

  private static void chat(HttpServerResponse response, Buffer body) {
    if (!isTrue(body, "\"stream\"")) {
      json(response, 200, CHAT);
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
        .setChunked(true);
    int last = STREAM.size() - 1;
    for (int i = 0; i < last; i++) {
      response.write(STREAM.get(i));
    }
    response.end(STREAM.get(last));
  }

  private static void embeddings(HttpServerResponse response, Buffer body) {
    boolean base64 = indexOf(body, "\"base64\"", 0) >= 0;
    json(response, 200, base64 ? EMBEDDING_BASE64 : EMBEDDING_FLOAT);
  }

  private static void json(HttpServerResponse response, int status, Buffer body) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  /** True when {@code key} is followed (after optional whitespace and a colon) by {@code true}. */
  static boolean isTrue(Buffer body, String key) {
    int at = indexOf(body, key, 0);
    if (at < 0) {
      return false;
    }
    int i = skipBlanks(body, at + key.length());
    if (i >= body.length() || body.getByte(i) != ':') {
      return false;
    }
    i = skipBlanks(body, i + 1);
    return i + 4 <= body.length() && body.getByte(i) == 't' && body.getByte(i + 1) == 'r'
        && body.getByte(i + 2) == 'u' && body.getByte(i + 3) == 'e';
  }

  private static int skipBlanks(Buffer body, int from) {
    int i = from;
    while (i < body.length()) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        break;
      }
      i++;
    }
    return i;
  }

  private static int indexOf(Buffer body, String ascii, int from) {
    int n = ascii.length();
    int end = body.length() - n;
    outer:
    for (int i = from; i <= end; i++) {
      for (int j = 0; j < n; j++) {
        if (body.getByte(i + j) != ascii.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String chatCompletion() {
    return "{\"id\":\"chatcmpl-bench0000000000000000000001\",\"object\":\"chat.completion\","
        + "\"created\":1741569952,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"The capital of the United Kingdom is "
        + "London. It is also the largest city in the UK, located on the River Thames in south-east "
        + "England, and it has been a major settlement for nearly two millennia.\","
        + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":41,\"total_tokens\":65,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}";
  }

  private static List<Buffer> streamEvents() {
    String head = "{\"id\":\"chatcmpl-bench0000000000000000000002\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1782955818,\"model\":\"" + MODEL + "\",\"system_fingerprint\":\"fp_bench\","
        + "\"choices\":";
    String[] words = {"The", " capital", " of", " the", " UK", " is", " London", ",", " on the",
        " Thames."};
    Buffer[] events = new Buffer[words.length + 4];
    events[0] = event(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    for (int i = 0; i < words.length; i++) {
      events[i + 1] = event(head + "[{\"index\":0,\"delta\":{\"content\":\"" + words[i] + "\"},"
          + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    }
    events[words.length + 1] = event(head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,"
        + "\"finish_reason\":\"stop\"}],\"usage\":null}");
    events[words.length + 2] = event(head + "[],\"usage\":{\"prompt_tokens\":24,"
        + "\"completion_tokens\":12,\"total_tokens\":36,\"prompt_tokens_details\":"
        + "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
        + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
        + "\"rejected_prediction_tokens\":0}}}");
    events[words.length + 3] = event("[DONE]");
    return List.of(events);
  }

  private static Buffer event(String data) {
    return Buffer.buffer("data: " + data + "\n\n");
  }

  private static String embeddings(boolean base64) {
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) (Math.sin(i * 0.37) * 0.08);
    }
    StringBuilder json = new StringBuilder(8 * 1024)
        .append("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":");
    if (base64) {
      ByteBuffer bytes = ByteBuffer.allocate(DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : vector) {
        bytes.putFloat(v);
      }
      json.append('"').append(Base64.getEncoder().encodeToString(bytes.array())).append('"');
    } else {
      json.append('[');
      for (int i = 0; i < DIMENSIONS; i++) {
        json.append(i == 0 ? "" : ",").append(vector[i]);
      }
      json.append(']');
    }
    json.append("}],\"model\":\"").append(MODEL)
        .append("\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}");
    return json.toString();
  }
}
