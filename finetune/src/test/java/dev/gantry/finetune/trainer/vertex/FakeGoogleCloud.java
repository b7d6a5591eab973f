package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Storage's JSON API simple upload, Vertex AI's tuning jobs and a tuned endpoint's
 * {@code generateContent}, on one local port, built from the documented protocol
 * (providers.md §3.1, §3.8, §3.9): OAuth bearer checked on every call (401 UNAUTHENTICATED in
 * google.rpc.Status form otherwise), int64 fields as strings, job names under the project
 * <em>number</em>, proto3 JSON omitting empty fields, {@code :cancel} answering {@code {}} and
 * refusing (400 FAILED_PRECONDITION) a job that already ended, and a create that fails when its
 * dataset is not in the bucket.
 */
public final class FakeGoogleCloud {

  public static final String TOKEN = "ya29.test-token";
  public static final String PROJECT_NUMBER = "123456789";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
  private static final Pattern JOBS =
      Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/tuningJobs");
  private static final Pattern JOB =
      Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+/tuningJobs/[^/:]+)(:cancel)?");
  private static final Pattern GENERATE =
      Pattern.compile("/v1/projects/[^/]+/locations/[^/]+/endpoints/([^/:]+):generateContent");
  private static final Set<String> TERMINAL = Set.of("JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED",
      "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED", "JOB_STATE_PARTIALLY_SUCCEEDED");

  /** One request as received (its body decoded only when asked, off the fake's event loop). */
  public record Received(String method, String uri, Map<String, String> headers, Buffer raw) {
    public String body() {
      return raw.toString();
    }
  }

  public final List<Received> requests = new CopyOnWriteArrayList<>();
  /** {@code bucket/object} → bytes. */
  public final Map<String, Buffer> objects = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  /** The most jobs on one list page. */
  volatile int listPageSize = 50;
  /** Answers the next create with this status and body instead, once. */
  volatile int failNextCreate;
  private final AtomicInteger ids = new AtomicInteger(1000);
  private HttpServer server;

  public FakeGoogleCloud() {}

  public Future<FakeGoogleCloud> start(Vertx vertx) {
    return vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> handle(request, body)))
        .listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Moves a job on, as Vertex would (atomically: never seen half-updated). */
  public synchronized void update(String name, String json) {
    try {
      jobs.get(name).setAll((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public List<Received> requests(String method, String pathPrefix) {
    List<Received> matching = new ArrayList<>();
    for (Received r : requests) {
      if (r.method().equals(method) && r.uri().startsWith(pathPrefix)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** Synchronized with {@link #update}, which a test calls from its own thread. */
  private synchronized void handle(HttpServerRequest request, Buffer body) {
    Map<String, String> headers = new ConcurrentHashMap<>();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
    requests.add(new Received(request.method().name(), request.uri(), headers, body));
    if (!("Bearer " + TOKEN).equals(request.getHeader("authorization"))) {
      error(request, 401, "UNAUTHENTICATED",
          "Request had invalid authentication credentials. Expected OAuth 2 access token.");
      return;
    }
    String path = request.path();
    Matcher m;
    if ((m = UPLOAD.matcher(path)).matches() && request.method().name().equals("POST")) {
      upload(request, m.group(1), body);
    } else if ((m = JOBS.matcher(path)).matches()) {
      if (request.method().name().equals("POST")) {
        create(request, m.group(2), body);
      } else {
        list(request);
      }
    } else if ((m = JOB.matcher(path)).matches()) {
      job(request, m.group(1), m.group(2) != null);
    } else if ((m = GENERATE.matcher(path)).matches()) {
      generate(request, m.group(1));
    } else {
      error(request, 404, "NOT_FOUND", "Unknown path.");
    }
  }

  private void upload(HttpServerRequest request, String bucket, Buffer body) {
    String name = request.getParam("name");
    if (!"media".equals(request.getParam("uploadType")) || name == null) {
      error(request, 400, "INVALID_ARGUMENT", "uploadType=media and name are required.");
      return;
    }
    String length = request.getHeader("content-length");
    if (length == null || Long.parseLong(length) != body.length()) {
      error(request, 411, "LENGTH_REQUIRED", "Content-Length must give the body's size.");
      return;
    }
    objects.put(bucket + "/" + name, body);
    ObjectNode object = JSON.createObjectNode();
    object.put("kind", "storage#object").put("bucket", bucket).put("name", name)
        .put("size", Long.toString(body.length()))
        .put("contentType", request.getHeader("content-type"));
    reply(request, 200, object);
  }

  private void create(HttpServerRequest request, String location, Buffer body) {
    if (failNextCreate != 0) {
      int status = failNextCreate;
      failNextCreate = 0;
      error(request, status, status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL",
          "Quota exceeded for aiplatform.googleapis.com/tuning_jobs.");
      return;
    }
    ObjectNode job;
    try {
      job = (ObjectNode) JSON.readTree(body.toString());
    } catch (IOException | ClassCastException e) {
      error(request, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
      return;
    }
    JsonNode spec = job.path("supervisedTuningSpec");
    String training = spec.path("trainingDatasetUri").asText("");
    JsonNode epochs = spec.path("hyperParameters").path("epochCount");
    if (!job.path("baseModel").isTextual() || !training.startsWith("gs://")
        || (!epochs.isMissingNode() && !epochs.isTextual())) {
      error(request, 400, "INVALID_ARGUMENT", "Invalid TuningJob.");
      return;
    }
    for (String uri : List.of(training, spec.path("validationDatasetUri").asText(training))) {
      if (!objects.containsKey(uri.substring(5))) {
        error(request, 400, "FAILED_PRECONDITION", "Dataset " + uri + " does not exist.");
        return;
      }
    }
    String name = "projects/" + PROJECT_NUMBER + "/locations/" + location + "/tuningJobs/"
        + ids.incrementAndGet();
    job.put("name", name);
    job.put("state", "JOB_STATE_PENDING");
    job.put("createTime", "2026-11-21T14:00:00.000000Z");
    jobs.put(name, job);
    reply(request, 200, job);
  }

  /** Honours {@code filter=labels.KEY="VALUE"}, the only filter Gantry sends. */
  private void list(HttpServerRequest request) {
    String filter = request.getParam("filter");
    Matcher f = filter == null ? null
        : Pattern.compile("labels\\.([a-z0-9_-]+)=\"([^\"]*)\"").matcher(filter);
    if (f != null && !f.matches()) {
      error(request, 400, "INVALID_ARGUMENT", "Unsupported filter.");
      return;
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode job : jobs.values()) {
      if (f == null || f.group(2).equals(job.path("labels").path(f.group(1)).asText(null))) {
        matching.add(job);
      }
    }
    matching.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
    int from = request.getParam("pageToken") == null ? 0
        : Integer.parseInt(request.getParam("pageToken"));
    int to = Math.min(matching.size(), from + listPageSize);
    ObjectNode answer = JSON.createObjectNode();
    for (ObjectNode job : matching.subList(from, to)) {
      answer.withArray("tuningJobs").add(job);
    }
    if (to < matching.size()) {
      answer.put("nextPageToken", Integer.toString(to));
    }
    reply(request, 200, answer);
  }

  private void job(HttpServerRequest request, String name, boolean cancel) {
    ObjectNode job = jobs.get(name);
    if (job == null) {
      error(request, 404, "NOT_FOUND", "The TuningJob does not exist.");
      return;
    }
    if (!cancel) {
      reply(request, 200, job);
      return;
    }
    if (TERMINAL.contains(job.path("state").asText())) {
      error(request, 400, "FAILED_PRECONDITION", "The TuningJob is already in a final state.");
      return;
    }
    job.put("state", "JOB_STATE_CANCELLING");
    reply(request, 200, JSON.createObjectNode());
  }

  /** A tuned endpoint that exists once a succeeded job names it. */
  private void generate(HttpServerRequest request, String endpointId) {
    for (ObjectNode job : jobs.values()) {
      if (job.path("tunedModel").path("endpoint").asText("").endsWith("/endpoints/" + endpointId)) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts").addObject()
            .put("text", "Arr, tuned!");
        candidate.put("finishReason", "STOP");
        answer.putObject("usageMetadata").put("promptTokenCount", 3)
            .put("candidatesTokenCount", 3).put("totalTokenCount", 6);
        reply(request, 200, answer);
        return;
      }
    }
    error(request, 404, "NOT_FOUND", "Endpoint not found.");
  }

  private static void error(HttpServerRequest request, int code, String status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).put("status", status);
    reply(request, code, body);
  }

  private static void reply(HttpServerRequest request, int status, JsonNode body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.toString());
  }
}
