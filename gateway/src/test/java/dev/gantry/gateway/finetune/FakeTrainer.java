package dev.gantry.gateway.finetune;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trainer service speaking the self-hosted trainer contract of finetune/README.md: files
 * uploaded with {@code PUT /v1/files/{name}}, jobs started with {@code POST /v1/jobs} (the job id
 * an idempotency key), read with {@code GET /v1/jobs/{id}}, stopped with
 * {@code POST /v1/jobs/{id}/cancel}; bearer auth. Each read of a running job advances it one
 * step (metrics, a checkpoint at step 2) until it succeeds with a LoRA artifact at step 3,
 * unless the test holds it. Public for the console browser test (console/ConsoleBrowserTest).
 */
public final class FakeTrainer {

  public static final String KEY = "trainer-secret-key";

  final Map<String, Buffer> files = new ConcurrentHashMap<>();
  final Map<String, JsonObject> jobs = new ConcurrentHashMap<>();
  final List<String> started = new CopyOnWriteArrayList<>();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  final AtomicInteger unauthorized = new AtomicInteger();
  volatile boolean hold;
  private final Vertx vertx;
  private HttpServer server;

  public FakeTrainer(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<FakeTrainer> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest req) {
    if (!("Bearer " + KEY).equals(req.getHeader("authorization"))) {
      unauthorized.incrementAndGet();
      req.response().setStatusCode(401).end("{\"error\":\"unauthorized\"}");
      return;
    }
    req.body().onSuccess(body -> {
      String path = req.path();
      if (req.method().name().equals("PUT") && path.startsWith("/v1/files/")) {
        files.put(path.substring("/v1/files/".length()), body);
        req.response().setStatusCode(201).end("{}");
      } else if (req.method().name().equals("POST") && path.equals("/v1/jobs")) {
        JsonObject ask = body.toJsonObject();
        String id = ask.getString("id");
        JsonObject job = jobs.computeIfAbsent(id, k -> {
          started.add(k);
          return new JsonObject().put("id", k).put("status", "queued").put("step", 0)
              .put("request", ask);
        });
        json(req, 200, view(job));
      } else if (req.method().name().equals("GET") && path.startsWith("/v1/jobs/")) {
        JsonObject job = jobs.get(path.substring("/v1/jobs/".length()));
        if (job == null) {
          json(req, 404, new JsonObject().put("error", "no such job"));
          return;
        }
        advance(job);
        json(req, 200, view(job));
      } else if (req.method().name().equals("POST") && path.endsWith("/cancel")) {
        String id = path.substring("/v1/jobs/".length(), path.length() - "/cancel".length());
        JsonObject job = jobs.get(id);
        if (job == null) {
          json(req, 404, new JsonObject().put("error", "no such job"));
          return;
        }
        cancelled.add(id);
        job.put("status", "cancelled");
        json(req, 200, view(job));
      } else {
        json(req, 404, new JsonObject().put("error", "no route"));
      }
    });
  }

  private synchronized void advance(JsonObject job) {
    String status = job.getString("status");
    if (hold || status.equals("succeeded") || status.equals("failed")
        || status.equals("cancelled")) {
      return;
    }
    int step = job.getInteger("step") + 1;
    job.put("step", step).put("status", step >= 3 ? "succeeded" : "running");
  }

  private static JsonObject view(JsonObject job) {
    int step = job.getInteger("step");
    JsonArray metrics = new JsonArray();
    for (int s = 1; s <= Math.min(step, 2); s++) {
      JsonObject m = new JsonObject().put("step", s).put("train_loss", 1.5 / s);
      if (s == 2) {
        m.put("valid_loss", 0.9).put("checkpoint", "ckpt-" + job.getString("id") + "-2");
      }
      metrics.add(m);
    }
    JsonObject out = new JsonObject().put("id", job.getString("id"))
        .put("status", job.getString("status")).put("metrics", metrics);
    if ("succeeded".equals(job.getString("status"))) {
      out.put("trained_tokens", 4242).put("artifact", new JsonObject().put("type", "lora")
          .put("path", "/adapters/" + job.getString("id")));
    }
    return out;
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.toBuffer());
  }
}
