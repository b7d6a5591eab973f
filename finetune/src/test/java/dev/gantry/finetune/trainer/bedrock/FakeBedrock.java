package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Bedrock control plane and S3 (path-style) on one local port, faithful where the trainer
 * could go wrong: every request's SigV4 signature is recomputed ({@link SigV4Check}: signing name
 * {@code bedrock} with the path encoded twice, or {@code s3} with the path as sent and a signed
 * payload hash), every JSON body is checked against the service model's input shape and every
 * answer against its output shape ({@link ServiceModel}), statuses are the service model's
 * ({@code 201}, {@code 202}...), errors carry {@code x-amzn-ErrorType} with AWS's suffix, and
 * {@code clientRequestToken}s are idempotent. What it finds wrong is in {@link #problems()}.
 *
 * <p>Jobs start InProgress with every stage NotStarted; each GetModelCustomizationJob by ARN
 * applies the next patch of the job's {@link Job#script}. Deployments and provisioned throughput
 * are Creating for {@link #creatingPolls} reads, then Active (InService).
 */
public final class FakeBedrock {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";
  public static final String BUCKET = "gantry-ft";
  public static final String CREATED = "2026-11-21T14:00:00.123Z";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private final SigV4Check sigV4;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, byte[]> objects = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Served> served = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Deque<Injected> injected = new ArrayDeque<>();
  private final AtomicInteger ids = new AtomicInteger();
  private HttpServer server;
  private Vertx vertx;
  public volatile int creatingPolls = 1;
  /**
   * How long StopModelCustomizationJob takes to answer once the job is Stopping (a slow network
   * or service), in milliseconds; 0 answers at once.
   */
  public volatile long stopAnswerDelayMillis;

  public FakeBedrock(SigV4Check sigV4) {
    this.sigV4 = sigV4;
  }

  /** One request as received. */
  public record Recorded(String method, String path, MultiMap headers, Buffer body) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body.getBytes());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A model customization job. */
  public static final class Job {
    public final String arn;
    public final ObjectNode request;
    final ObjectNode state = MAPPER.createObjectNode();
    final Deque<ObjectNode> script = new ArrayDeque<>();

    Job(String arn, ObjectNode request) {
      this.arn = arn;
      this.request = request;
      state.put("status", "InProgress");
      ObjectNode details = state.putObject("statusDetails");
      for (String stage : List.of("validationDetails", "dataProcessingDetails",
          "trainingDetails")) {
        details.putObject(stage).put("status", "NotStarted");
      }
    }

    /** Patches applied one per read of the job by its ARN. */
    public Job script(ObjectNode... patches) {
      script.addAll(List.of(patches));
      return this;
    }
  }

  /** A custom model deployment or provisioned throughput. */
  private static final class Served {
    final String arn;
    final String token;
    final ObjectNode request;
    int reads;

    Served(String arn, String token, ObjectNode request) {
      this.arn = arn;
      this.token = token;
      this.request = request;
    }
  }

  private record Injected(String method, String pathPrefix, int status, String type,
      String message) {}

  public Future<Integer> start(Vertx vertx) {
    this.vertx = vertx;
    server = vertx.createHttpServer();
    return server.requestHandler(req -> req.body().onSuccess(body -> handle(req, body)))
        .listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<Recorded> requests(String method, String pathPrefix) {
    return requests().stream().filter(r -> r.method().equals(method)
        && r.path().startsWith(pathPrefix)).toList();
  }

  /** An uploaded object by key (without the bucket), or null. */
  public byte[] object(String key) {
    return objects.get(key);
  }

  public Job job(String arn) {
    return jobs.get(arn);
  }

  /** The job named {@code jobName} (Gantry names a job after its id), or null. */
  public Job jobNamed(String jobName) {
    synchronized (jobs) {
      return jobs.values().stream().filter(j -> j.request.path("jobName").asText()
          .equals(jobName)).findFirst().orElse(null);
    }
  }

  /** The next matching request fails with this AWS error (the type goes in x-amzn-ErrorType). */
  public synchronized void failNext(String method, String pathPrefix, int status, String type,
      String message) {
    injected.add(new Injected(method, pathPrefix, status, type, message));
  }

  public static ObjectNode patch(String status, String validation, String dataProcessing,
      String training) {
    ObjectNode patch = MAPPER.createObjectNode().put("status", status)
        .put("lastModifiedTime", "2026-11-21T14:05:00Z");
    ObjectNode details = patch.putObject("statusDetails");
    details.putObject("validationDetails").put("status", validation)
        .put("creationTime", CREATED).put("lastModifiedTime", "2026-11-21T14:05:00Z");
    details.putObject("dataProcessingDetails").put("status", dataProcessing);
    details.putObject("trainingDetails").put("status", training);
    return patch;
  }

  // ---- dispatch

  private void handle(HttpServerRequest req, Buffer body) {
    String path = req.path();
    requests.add(new Recorded(req.method().name(), path, req.headers(), body));
    boolean s3 = path.startsWith("/" + BUCKET + "/");
    List<String> signature = sigV4.problems(s3 ? "s3" : "bedrock", req.method().name(), path,
        req.query(), req.headers(), body.getBytes());
    if (!signature.isEmpty()) {
      problems.addAll(signature);
      error(req, 403, s3 ? "SignatureDoesNotMatch" : "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.", s3);
      return;
    }
    Injected fail = injection(req.method().name(), path);
    if (fail != null) {
      error(req, fail.status(), fail.type(), fail.message(), s3);
      return;
    }
    if (s3) {
      putObject(req, path, body);
      return;
    }
    route(req, path, body);
  }

  private synchronized Injected injection(String method, String path) {
    for (Injected i : injected) {
      if (i.method().equals(method) && path.startsWith(i.pathPrefix())) {
        injected.remove(i);
        return i;
      }
    }
    return null;
  }

  private void route(HttpServerRequest req, String path, Buffer body) {
    String method = req.method().name();
    String jobs = "/model-customization-jobs";
    String deployments = "/model-customization/custom-model-deployments";
    String provisioned = "/provisioned-model-throughput";
    if (method.equals("POST") && path.equals(jobs)) {
      createJob(req, body);
    } else if (method.equals("POST") && path.startsWith(jobs + "/") && path.endsWith("/stop")) {
      stopJob(req, decode(path.substring(jobs.length() + 1, path.length() - "/stop".length())));
    } else if (method.equals("GET") && path.startsWith(jobs + "/")) {
      getJob(req, decode(path.substring(jobs.length() + 1)));
    } else if (method.equals("POST") && path.equals(deployments)) {
      create(req, body, "CreateCustomModelDeployment", "modelDeploymentName",
          "custom-model-deployment", "customModelDeploymentArn", 202);
    } else if (method.equals("GET") && path.startsWith(deployments + "/")) {
      getDeployment(req, decode(path.substring(deployments.length() + 1)));
    } else if (method.equals("POST") && path.equals(provisioned)) {
      create(req, body, "CreateProvisionedModelThroughput", "provisionedModelName",
          "provisioned-model", "provisionedModelArn", 201);
    } else if (method.equals("GET") && path.startsWith(provisioned + "/")) {
      getProvisioned(req, decode(path.substring(provisioned.length() + 1)));
    } else {
      problems.add("unknown operation " + method + " " + path);
      error(req, 404, "UnknownOperationException", null, false);
    }
  }

  // ---- S3

  private void putObject(HttpServerRequest req, String path, Buffer body) {
    if (!req.method().name().equals("PUT")) {
      problems.add("S3: only PutObject is expected, got " + req.method());
    }
    if (req.headers().contains("transfer-encoding")) {
      problems.add("S3: chunked transfer encoding without aws-chunked is refused by S3");
    }
    String length = req.getHeader("content-length");
    if (length == null || Long.parseLong(length) != body.length()) {
      problems.add("S3: content-length " + length + " is not the body's " + body.length());
    }
    objects.put(decode(path.substring(BUCKET.length() + 2)), body.getBytes());
    req.response().putHeader("ETag", "\"0\"").setStatusCode(200).end();
  }

  // ---- jobs

  private void createJob(HttpServerRequest req, Buffer body) {
    ObjectNode request = (ObjectNode) input(req, "CreateModelCustomizationJob", body);
    String token = request.path("clientRequestToken").asText(null);
    synchronized (jobs) {
      for (Job job : jobs.values()) {
        if (token != null && token.equals(job.request.path("clientRequestToken").asText())) {
          answer(req, "CreateModelCustomizationJob", 201,
              MAPPER.createObjectNode().put("jobArn", job.arn));
          return;
        }
        if (job.request.path("jobName").equals(request.path("jobName"))) {
          error(req, 400, "ConflictException", "A job with this name already exists.", false);
          return;
        }
      }
      String arn = "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":model-customization-job/"
          + request.path("baseModelIdentifier").asText() + "/" + nextId();
      jobs.put(arn, new Job(arn, request));
      answer(req, "CreateModelCustomizationJob", 201,
          MAPPER.createObjectNode().put("jobArn", arn));
    }
  }

  private Job findJob(String identifier) {
    synchronized (jobs) {
      Job job = jobs.get(identifier);
      if (job != null) {
        return job;
      }
      return jobs.values().stream().filter(j -> j.request.path("jobName").asText()
          .equals(identifier)).findFirst().orElse(null);
    }
  }

  private void getJob(HttpServerRequest req, String identifier) {
    Job job = findJob(identifier);
    if (job == null) {
      error(req, 404, "ResourceNotFoundException", "Could not find job.", false);
      return;
    }
    synchronized (job) {
      if (identifier.equals(job.arn) && !job.script.isEmpty()) {
        job.state.setAll(job.script.poll());
      }
      ObjectNode out = MAPPER.createObjectNode();
      ObjectNode r = job.request;
      out.put("jobArn", job.arn).put("jobName", r.path("jobName").asText())
          .put("outputModelName", r.path("customModelName").asText())
          .put("clientRequestToken", r.path("clientRequestToken").asText())
          .put("roleArn", r.path("roleArn").asText())
          .put("creationTime", CREATED)
          .put("baseModelArn", "arn:aws:bedrock:" + REGION + "::foundation-model/"
              + r.path("baseModelIdentifier").asText())
          .put("customizationType", r.path("customizationType").asText("FINE_TUNING"));
      out.set("hyperParameters", r.has("hyperParameters") ? r.get("hyperParameters")
          : MAPPER.createObjectNode());
      out.set("trainingDataConfig", r.get("trainingDataConfig"));
      ObjectNode noValidators = MAPPER.createObjectNode();
      noValidators.putArray("validators");
      out.set("validationDataConfig", r.has("validationDataConfig")
          ? r.get("validationDataConfig") : noValidators);
      out.set("outputDataConfig", r.get("outputDataConfig"));
      out.setAll(job.state);
      answer(req, "GetModelCustomizationJob", 200, out);
    }
  }

  private void stopJob(HttpServerRequest req, String identifier) {
    if (req.headers().contains("content-type")) {
      problems.add("StopModelCustomizationJob has no body, but a content-type was sent");
    }
    Job job = findJob(identifier);
    if (job == null) {
      error(req, 404, "ResourceNotFoundException", "Could not find job.", false);
      return;
    }
    synchronized (job) {
      if (!job.state.path("status").asText().equals("InProgress")) {
        error(req, 400, "ValidationException", "Job is not in progress.", false);
        return;
      }
      job.script.clear();
      job.state.put("status", "Stopping");
      job.script.add(MAPPER.createObjectNode().put("status", "Stopping"));
      job.script.add(MAPPER.createObjectNode().put("status", "Stopped")
          .put("endTime", "2026-11-21T14:09:00Z"));
    }
    if (stopAnswerDelayMillis > 0) {
      vertx.setTimer(stopAnswerDelayMillis, t -> req.response().setStatusCode(200).end());
    } else {
      req.response().setStatusCode(200).end();
    }
  }

  // ---- serving

  private void create(HttpServerRequest req, Buffer body, String operation, String nameField,
      String arnKind, String arnField, int status) {
    ObjectNode request = (ObjectNode) input(req, operation, body);
    String name = request.path(nameField).asText();
    String token = request.path("clientRequestToken").asText(null);
    synchronized (served) {
      Served existing = served.get(arnKind + "/" + name);
      if (existing != null) {
        if (token != null && token.equals(existing.token)) {
          answer(req, operation, status, MAPPER.createObjectNode().put(arnField, existing.arn));
        } else {
          error(req, 400, "ConflictException", "The name is already in use.", false);
        }
        return;
      }
      String arn = "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":" + arnKind + "/" + nextId();
      served.put(arnKind + "/" + name, new Served(arn, token, request));
      answer(req, operation, status, MAPPER.createObjectNode().put(arnField, arn));
    }
  }

  private Served findServed(String kind, String nameField, String identifier) {
    synchronized (served) {
      Served byName = served.get(kind + "/" + identifier);
      return byName != null ? byName : served.values().stream()
          .filter(s -> s.arn.equals(identifier)).findFirst().orElse(null);
    }
  }

  private void getDeployment(HttpServerRequest req, String identifier) {
    Served d = findServed("custom-model-deployment", "modelDeploymentName", identifier);
    if (d == null) {
      error(req, 404, "ResourceNotFoundException", "Deployment not found.", false);
      return;
    }
    ObjectNode out = MAPPER.createObjectNode().put("customModelDeploymentArn", d.arn)
        .put("modelDeploymentName", d.request.path("modelDeploymentName").asText())
        .put("modelArn", d.request.path("modelArn").asText())
        .put("createdAt", CREATED)
        .put("status", d.reads++ < creatingPolls ? "Creating" : "Active")
        .put("lastUpdatedAt", "2026-11-21T14:30:00Z");
    answer(req, "GetCustomModelDeployment", 200, out);
  }

  private void getProvisioned(HttpServerRequest req, String identifier) {
    Served p = findServed("provisioned-model", "provisionedModelName", identifier);
    if (p == null) {
      error(req, 404, "ResourceNotFoundException", "Provisioned model not found.", false);
      return;
    }
    ObjectNode out = MAPPER.createObjectNode()
        .put("modelUnits", p.request.path("modelUnits").asInt())
        .put("desiredModelUnits", p.request.path("modelUnits").asInt())
        .put("provisionedModelName", p.request.path("provisionedModelName").asText())
        .put("provisionedModelArn", p.arn)
        .put("modelArn", p.request.path("modelId").asText())
        .put("desiredModelArn", p.request.path("modelId").asText())
        .put("foundationModelArn", "arn:aws:bedrock:" + REGION
            + "::foundation-model/amazon.nova-micro-v1:0:128k")
        .put("status", p.reads++ < creatingPolls ? "Creating" : "InService")
        .put("creationTime", CREATED).put("lastModifiedTime", CREATED);
    answer(req, "GetProvisionedModelThroughput", 200, out);
  }

  // ---- wire helpers

  private JsonNode input(HttpServerRequest req, String operation, Buffer body) {
    if (!"application/json".equals(req.getHeader("content-type"))) {
      problems.add(operation + ": content-type is " + req.getHeader("content-type"));
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      problems.add(operation + ": the body is not JSON");
      return MAPPER.createObjectNode();
    }
    ServiceModel.checkInput(operation, json).forEach(p -> problems.add(operation + ": " + p));
    return json;
  }

  private void answer(HttpServerRequest req, String operation, int status, ObjectNode body) {
    int expected = ServiceModel.http(operation).path("responseCode").asInt(200);
    if (status != expected) {
      problems.add("fake: " + operation + " answered " + status + ", the model says " + expected);
    }
    ServiceModel.checkOutput(operation, body).forEach(p -> problems.add("fake output "
        + operation + ": " + p));
    req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.toString());
  }

  private void error(HttpServerRequest req, int status, String type, String message,
      boolean s3) {
    if (s3) {
      req.response().setStatusCode(status).putHeader("content-type", "application/xml")
          .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + type
              + "</Code><Message>" + (message == null ? "" : message)
              + "</Message><StringToSign>AWS4-HMAC-SHA256 secret-ish</StringToSign>"
              + "<AWSAccessKeyId>AKIDFAKE</AWSAccessKeyId></Error>");
      return;
    }
    ObjectNode body = MAPPER.createObjectNode();
    if (message != null) {
      body.put("message", message);
    }
    req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", type + TYPE_SUFFIX).end(body.toString());
  }

  private String nextId() {
    return String.format("%012d", ids.incrementAndGet());
  }

  static String decode(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
