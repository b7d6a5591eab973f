package dev.gantry.gateway.openai;

import static dev.gantry.gateway.testing.GantryHarness.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streams are incremental end to end: slow clients pause the upstream, gone clients cancel it. */
class StreamingBehaviourTest {

  private static final String CHUNK = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "y".repeat(900) + "\"},\"finish_reason\":null}]}\n\n";
  private static GantryHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = GantryHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @AfterEach
  void reset() {
    h.upstream.override("/v1/chat/completions", null);
  }

  private static Socket openStream() throws Exception {
    Socket socket = new Socket("127.0.0.1", h.gateway.port());
    String body = "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
    String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return socket;
  }

  @Test
  void stream_clientDisconnects_cancelsTheUpstreamRequest() throws Exception {
    CompletableFuture<Void> upstreamClosed = new CompletableFuture<>();
    h.upstream.override("/v1/chat/completions", req -> {
      HttpServerResponse resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      req.connection().closeHandler(v -> upstreamClosed.complete(null));
      long timer = h.vertx.setPeriodic(20, id -> {
        if (!resp.closed()) {
          resp.write(CHUNK);
        }
      });
      resp.closeHandler(v -> h.vertx.cancelTimer(timer));
    });
    try (Socket socket = openStream()) {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[4096];
      int n = in.read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
    }
    upstreamClosed.get(5, TimeUnit.SECONDS);
    assertThat(h.get("/metrics", null).body()).contains("outcome=\"cancelled\"");
  }

  @Test
  void stream_clientNotReading_pausesTheUpstreamInsteadOfBuffering() throws Exception {
    long total = 256L * 1024 * 1024;
    AtomicLong written = new AtomicLong();
    CompletableFuture<Void> backpressured = new CompletableFuture<>();
    h.upstream.override("/v1/chat/completions", req -> {
      HttpServerResponse resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      pump(req, resp, written, total, backpressured);
    });
    try (Socket socket = openStream()) {
      backpressured.get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long last = -1;
      while (written.get() != last && System.nanoTime() < deadline) {
        last = written.get();
        Thread.sleep(500);
      }
      assertThat(written.get()).as("the upstream stalls while the client does not read").isEqualTo(last);
      // What is in flight then sits in the four loopback socket buffers (tens of MB with
      // autotuning), not in the gateway: without backpressure all 256 MB would go through.
      assertThat(written.get()).as("far from everything was read ahead").isLessThan(total / 4);
    }
  }

  /** Writes as fast as the gateway accepts, a few events per event-loop turn. */
  private static void pump(HttpServerRequest req, HttpServerResponse resp, AtomicLong written,
      long total, CompletableFuture<Void> backpressured) {
    for (int i = 0; i < 32 && !resp.writeQueueFull() && written.get() < total && !resp.closed(); i++) {
      resp.write(CHUNK);
      written.addAndGet(CHUNK.length());
    }
    if (resp.closed()) {
      return;
    }
    if (written.get() >= total) {
      resp.end("data: [DONE]\n\n");
    } else if (resp.writeQueueFull()) {
      backpressured.complete(null);
      resp.drainHandler(v -> pump(req, resp, written, total, backpressured));
    } else {
      h.vertx.runOnContext(v -> pump(req, resp, written, total, backpressured));
    }
  }
}
