package dev.gantry.finetune.trainer.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference implementation of the trainer service contract in {@code finetune/README.md}, and
 * of vLLM's runtime LoRA loading ({@code POST /v1/load_lora_adapter}, as vLLM's
 * {@code serving_models.py} answers it: 200 with a plain-text "Success: ..." line; 400
 * {@code InvalidUserInput} "has already been loaded" for a name already loaded; 404 when vLLM runs
 * without {@code VLLM_ALLOW_RUNTIME_LORA_UPDATING}), each on its own port and bearer key.
 */
final class FakeTrainerService {

  static final String TRAINER_KEY = "trainer-secret-key";
  static final String VLLM_KEY = "vllm-secret-key";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FILE = Pattern.compile("/v1/files/([A-Za-z0-9._-]+)");
  private static final Pattern JOB = Pattern.compile("/v1/jobs/([A-Za-z0-9._-]+)(/cancel)?");
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  /** One request as received. */
  record Received(String method, String uri, Map<String, String> headers, String body) {}

  final List<Received> requests = new CopyOnWriteArrayList<>();
  final Map<String, String> files = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  /** vLLM: adapter name → path. */
  final Map<String, String> adapters = new ConcurrentHashMap<>();
  volatile boolean runtimeLoraUpdating = true;
  /** The trainer answers the next call with this status, once. */
  volatile int failNext;
  private HttpServer trainer;
  private HttpServer vllm;

  Future<FakeTrainerService> start(Vertx vertx) {
    return vertx.createHttpServer()
        .requestHandler(r -> r.body().onSuccess(body -> trainer(r, body)))
        .listen(0, "127.0.0.1")
        .compose(t -> {
          trainer = t;
          return vertx.createHttpServer()
              .requestHandler(r -> r.body().onSuccess(body -> vllm(r, body)))
              .listen(0, "127.0.0.1");
        })
        .map(v -> {
          vllm = v;
          return this;
        });
  }

  String trainerUrl() {
    return "http://127.0.0.1:" + trainer.actualPort();
  }

  String vllmUrl() {
    return "http://127.0.0.1:" + vllm.actualPort() + "/v1";
  }

  /** Moves a job on, as the trainer would. */
  void update(String id, String json) {
    try {
      jobs.get(id).setAll((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  List<Received> requests(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.uri().startsWith(pathPrefix)).toList();
  }

  private void trainer(HttpServerRequest request, Buffer body) {
    record(request, body);
    if (!("Bearer " + TRAINER_KEY).equals(request.getHeader("authorization"))) {
      error(request, 401, "invalid api key");
      return;
    }
    if (failNext != 0) {
      int status = failNext;
      failNext = 0;
      error(request, status, "the trainer is restarting");
      return;
    }
    String method = request.method().name();
    Matcher m;
    if ((m = FILE.matcher(request.path())).matches() && method.equals("PUT")) {
      putFile(request, m.group(1), body);
    } else if (request.path().equals("/v1/jobs") && method.equals("POST")) {
      createJob(request, body);
    } else if ((m = JOB.matcher(request.path())).matches()) {
      job(request, m.group(1), m.group(2) != null && method.equals("POST"));
    } else {
      error(request, 404, "no such route");
    }
  }

  private void putFile(HttpServerRequest request, String name, Buffer body) {
    String length = request.getHeader("content-length");
    if (length == null || Long.parseLong(length) != body.length()) {
      error(request, 411, "Content-Length must give the body's size");
      return;
    }
    boolean replaced = files.put(name, body.toString()) != null;
    ObjectNode answer = JSON.createObjectNode().put("name", name).put("bytes", body.length());
    reply(request, replaced ? 200 : 201, answer);
  }

  private void createJob(HttpServerRequest request, Buffer body) {
    JsonNode spec;
    try {
      spec = JSON.readTree(body.toString());
    } catch (IOException e) {
      error(request, 400, "not JSON");
      return;
    }
    String id = spec.path("id").asText("");
    ObjectNode existing = jobs.get(id);
    if (existing != null) {
      reply(request, 200, existing);
      return;
    }
    if (id.isEmpty() || !spec.path("base_model").isTextual()
        || !files.containsKey(spec.path("training_file").asText(""))
        || (spec.has("validation_file")
            && !files.containsKey(spec.path("validation_file").asText("")))) {
      error(request, 400, "id, base_model and an uploaded training_file are required");
      return;
    }
    ObjectNode job = JSON.createObjectNode().put("id", id).put("status", "queued");
    job.putArray("metrics");
    job.set("request", spec);
    jobs.put(id, job);
    reply(request, 201, job);
  }

  private void job(HttpServerRequest request, String id, boolean cancel) {
    ObjectNode job = jobs.get(id);
    if (job == null) {
      error(request, 404, "no job " + id);
      return;
    }
    if (cancel && !TERMINAL.contains(job.path("status").asText())) {
      job.put("status", "cancelled");
    }
    reply(request, 200, job);
  }

  private void vllm(HttpServerRequest request, Buffer body) {
    record(request, body);
    if (!("Bearer " + VLLM_KEY).equals(request.getHeader("authorization"))) {
      request.response().setStatusCode(401).putHeader("content-type", "application/json")
          .end("{\"error\":\"Unauthorized\"}");
      return;
    }
    if (!runtimeLoraUpdating || !request.path().equals("/v1/load_lora_adapter")) {
      request.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end("{\"detail\":\"Not Found\"}");
      return;
    }
    JsonNode load;
    try {
      load = JSON.readTree(body.toString());
    } catch (IOException e) {
      error(request, 400, "not JSON");
      return;
    }
    String name = load.path("lora_name").asText("");
    String path = load.path("lora_path").asText("");
    if (name.isEmpty() || path.isEmpty()) {
      vllmError(request, "Both 'lora_name' and 'lora_path' must be provided.");
    } else if (adapters.containsKey(name)) {
      vllmError(request, "The lora adapter '" + name + "' has already been loaded.");
    } else {
      adapters.put(name, path);
      request.response().setStatusCode(200)
          .end("Success: LoRA adapter '" + name + "' added successfully.");
    }
  }

  private void record(HttpServerRequest request, Buffer body) {
    Map<String, String> headers = new ConcurrentHashMap<>();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
    requests.add(new Received(request.method().name(), request.uri(), headers, body.toString()));
  }

  private static void vllmError(HttpServerRequest request, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message).put("type", "InvalidUserInput")
        .putNull("param").put("code", 400);
    reply(request, 400, body);
  }

  private static void error(HttpServerRequest request, int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message);
    reply(request, status, body);
  }

  private static void reply(HttpServerRequest request, int status, JsonNode body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.toString());
  }
}
