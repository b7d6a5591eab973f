package dev.gantry.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for the SDK's tests: answers are queued per call (the last one repeats),
 * and every request is recorded (method, path, headers, body).
 */
final class TestServer implements AutoCloseable {
  /** An answer: writes the response. */
  @FunctionalInterface
  interface Answer {
    void write(HttpExchange exchange) throws IOException;
  }

  /** A recorded request. */
  record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** When set, bodies are counted, not kept: {@link Seen#body()} is the byte count. */
  volatile boolean countBodies;
  /** Run (while counting bodies) when the first bytes of a body arrive. */
  volatile Runnable onBodyStart = () -> { };

  TestServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  TestServer then(Answer answer) {
    answers.add(answer);
    return this;
  }

  TestServer thenJson(int status, String json, String... headers) {
    return then(ex -> {
      for (int i = 0; i < headers.length; i += 2) {
        ex.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      byte[] b = json.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
  }

  TestServer thenError(int status, String type, String code, String message, String... headers) {
    String json = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
        + "\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}";
    return thenJson(status, json, headers);
  }

  TestServer thenSse(String body, String... headers) {
    return then(ex -> {
      for (int i = 0; i < headers.length; i += 2) {
        ex.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
      ex.close();
    });
  }

  private void handle(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      String body;
      if (countBodies) {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) >= 0; ) {
          if (n == 0 && r > 0) {
            onBodyStart.run();
          }
          n += r;
        }
        body = Long.toString(n);
      } else {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String query = ex.getRequestURI().getRawQuery();
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
          + (query == null ? "" : "?" + query), Map.copyOf(ex.getRequestHeaders()), body));
    }
    Answer a = answers.size() > 1 ? answers.poll() : answers.peek();
    Objects.requireNonNull(a, "no answer queued").write(ex);
  }

  static String resource(String name) {
    try (InputStream in = TestServer.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
