package dev.gantry.adapters.sagemaker;

import dev.gantry.adapters.bedrock.auth.SigV4Verifier;
import dev.gantry.adapters.testing.LoopbackFake;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A SageMaker Runtime on 127.0.0.1 that checks every request as AWS would before answering:
 * <ul>
 *   <li>the SigV4 signature, with {@link SigV4Verifier} for {@value #ACCESS_KEY_ID}, region
 *       {@value #REGION} and the signing name {@code sagemaker}: a bad one gets AWS's 403
 *       {@code InvalidSignatureException};</li>
 *   <li>the path {@code /endpoints/<name>/invocations[-response-stream]}, the name percent-encoded
 *       as one segment; an unknown endpoint gets SageMaker's 400 {@code ValidationError} "Endpoint
 *       ... of account ... not found.";</li>
 *   <li>{@code Content-Type: application/json}, {@code Accept} (or, for the response stream,
 *       {@code X-Amzn-SageMaker-Accept}), and for {@value #MESSAGES_ENDPOINT}, which is configured
 *       with inference components, the {@code X-Amzn-SageMaker-Inference-Component} header.</li>
 * </ul>
 * It records what it found wrong in {@link #problems()}. Behind the checks are two containers,
 * answering with recordings (see {@code sagemaker/SOURCE.md} in the test resources):
 * <ul>
 *   <li>{@value #TGI_ENDPOINT}: a TGI container at {@code /invocations} (the compat route), which
 *       takes {@code {inputs, parameters, stream}}, the prompt rendered by the Qwen3 chat template
 *       (checked), and answers a one-element array, or TGI's SSE carried in event-stream
 *       {@code PayloadPart}s cut at awkward places (mid-event, mid-line);</li>
 *   <li>{@value #MESSAGES_ENDPOINT}: a container taking OpenAI chat bodies, answering recorded
 *       OpenAI-compatible answers and streams chosen by the body (tools, a schema, logprobs,
 *       images).</li>
 * </ul>
 * A container refusing a body answers as SageMaker reports it: a 424 {@code ModelError} with the
 * container's {@code OriginalStatusCode} and {@code OriginalMessage}. Tests can replace the answer
 * of one raw path after the checks ({@link #override}). Every response body, event-stream or not,
 * is written in awkward pieces.
 */
public final class FakeSageMaker extends LoopbackFake<FakeSageMaker, FakeSageMaker.Received> {

  public static final String ACCESS_KEY_ID = "AKIDSAGEMAKERTEST";
  public static final String SECRET_ACCESS_KEY =
      "gantry/sagemaker/wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";
  /** An endpoint whose container is TGI, called with TGI's native body ({@code api: generate}). */
  public static final String TGI_ENDPOINT = "qwen3-tgi";
  /** An endpoint with inference components whose container takes OpenAI chat bodies. */
  public static final String MESSAGES_ENDPOINT = "shared-llm-endpoint";
  /** The inference component of {@value #MESSAGES_ENDPOINT}. */
  public static final String COMPONENT = "llama-3-3-70b-ic";
  public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  /** Part sizes cycled when cutting a container's stream into PayloadParts. */
  private static final int[] PARTS = {3, 1, 40, 7, 128, 2, 65, 11};
  /** Write sizes cycled when sending a body: they land inside event-stream messages. */
  private static final Pattern PATH =
      Pattern.compile("/endpoints/([^/]+)/(invocations|invocations-response-stream)");
  private static final Pattern ENCODED_SEGMENT = Pattern.compile("[A-Za-z0-9._~%-]+");
  private static final String TEMPLATE_START = "<|im_start|>";
  private static final String GENERATION_PROMPT = "<|im_start|>assistant\n";

  /** One request that passed the signature and path checks. */
  public record Received(String rawPath, String endpointName, boolean stream,
      Map<String, String> headers, JsonObject body) {}

  private final SigV4Verifier verifier = SigV4Verifier
      .forKeys(ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION).withService("sagemaker");

  public FakeSageMaker(Vertx vertx) {
    super(vertx);
  }

  /** A test resource by its classpath path, e.g. {@code /sagemaker/tgi-stream.sse}. */
  public static Buffer resource(String path) {
    try (InputStream in = FakeSageMaker.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A container's output cut into {@code PayloadPart} events as SageMaker sends them: the raw bytes
   * as each message's payload, the parts {@value #PARTS}-sized in turn, so events, lines and
   * characters are cut anywhere.
   */
  public static Buffer payloadParts(Buffer output) {
    Buffer out = Buffer.buffer();
    int offset = 0;
    for (int i = 0; offset < output.length(); i++) {
      int end = Math.min(output.length(), offset + PARTS[i % PARTS.length]);
      out.appendBuffer(payloadPart(output.getBytes(offset, end)));
      offset = end;
    }
    return out;
  }

  /** One {@code PayloadPart} event carrying {@code bytes}. */
  public static Buffer payloadPart(byte[] bytes) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString("PayloadPart"));
    headers.put(":content-type", HeaderValue.fromString("application/octet-stream"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return encode(new Message(headers, bytes));
  }

  /**
   * An exception event of a response stream, e.g. {@code ModelStreamError} with
   * {@code {"Message":..., "ErrorCode":"ModelInvocationTimeExceeded"}}.
   */
  public static Buffer exception(String type, JsonObject payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return encode(new Message(headers, payload.toBuffer().getBytes()));
  }

  /** A SageMaker error answer: the status, {@code x-amzn-ErrorType} and the JSON body. */
  public static void error(HttpServerRequest req, int status, String type, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.coral.service/")
        .end(body.toBuffer());
  }

  /**
   * A 424 ModelError as SageMaker reports a container's error answer: the container's status and
   * body as {@code OriginalStatusCode} and {@code OriginalMessage}, the account and log group in
   * {@code Message}.
   */
  public static void modelError(HttpServerRequest req, int status, String containerBody) {
    String logGroup = "/aws/sagemaker/Endpoints/" + TGI_ENDPOINT;
    error(req, 424, "ModelError", new JsonObject()
        .put("ErrorCode", status < 500 ? "CLIENT_ERROR_FROM_MODEL" : "SERVER_ERROR_FROM_MODEL")
        .put("LogStreamArn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + logGroup)
        .put("Message", "Received " + (status < 500 ? "client" : "server") + " error (" + status
            + ") from primary with message \"" + containerBody + "\". See https://" + REGION
            + ".console.aws.amazon.com/cloudwatch/home?region=" + REGION
            + "#logEventViewer:group=" + logGroup + " in account " + ACCOUNT
            + " for more information.")
        .put("OriginalMessage", containerBody)
        .put("OriginalStatusCode", status));
  }

  /** {@link #payloadParts} of the output, written awkwardly as a 200 response stream. */
  public void stream(HttpServerRequest req, Buffer containerOutput) {
    req.response().putHeader("X-Amzn-SageMaker-Content-Type", "text/event-stream");
    writeAwkwardly(req.response(), EVENT_STREAM, payloadParts(containerOutput));
  }

  @Override
  protected void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      String target = req.uri();
      String rawPath = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
      String name = req.method() + " " + rawPath + ": ";
      SigV4Verifier.Result signature = verifier.verify(req, body);
      if (!signature.valid()) {
        signature.problems().forEach(p -> problem(name + p));
        error(req, 403, "InvalidSignatureException", new JsonObject().put("message", "The request "
            + "signature we calculated does not match the signature you provided. Check your AWS "
            + "Secret Access Key and signing method. Consult the service documentation for details."));
        return;
      }
      Matcher m = PATH.matcher(rawPath);
      if (!m.matches()) {
        problem(name + "not /endpoints/<name>/invocations[-response-stream]");
        error(req, 404, "UnknownOperationException", new JsonObject());
        return;
      }
      String segment = m.group(1);
      if (!ENCODED_SEGMENT.matcher(segment).matches()) {
        problem(name + "the endpoint name is not percent-encoded as one segment");
      }
      String endpointName = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      boolean stream = "invocations-response-stream".equals(m.group(2));
      if (!TGI_ENDPOINT.equals(endpointName) && !MESSAGES_ENDPOINT.equals(endpointName)) {
        error(req, 400, "ValidationError", new JsonObject().put("message", "Endpoint "
            + endpointName + " of account " + ACCOUNT + " not found."));
        return;
      }
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      checkHeaders(name, stream, headers);
      if (MESSAGES_ENDPOINT.equals(endpointName)
          && !COMPONENT.equals(headers.get("x-amzn-sagemaker-inference-component"))) {
        error(req, 400, "ValidationError", new JsonObject().put("message", "Inference Component "
            + "Name header is required when your endpoint is configured with inference components."));
        return;
      }
      JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      record(new Received(rawPath, endpointName, stream, headers, json));
      Handler<HttpServerRequest> override = overrideOf(rawPath);
      if (override != null) {
        override.handle(req);
      } else if (TGI_ENDPOINT.equals(endpointName)) {
        tgi(req, name, stream, json);
      } else {
        messages(req, stream, json);
      }
    });
  }

  private void checkHeaders(String name, boolean stream, Map<String, String> headers) {
    if (!"application/json".equals(headers.get("content-type"))) {
      problem(name + "Content-Type is " + headers.get("content-type"));
    }
    String accept = stream ? "x-amzn-sagemaker-accept" : "accept";
    if (headers.get(accept) == null) {
      problem(name + "no " + accept + " header");
    }
  }

  /** TGI at {@code /invocations}: the compat route of {@code /generate}. */
  private void tgi(HttpServerRequest req, String name, boolean stream, JsonObject body) {
    if (!(body.getValue("inputs") instanceof String) || body.containsKey("messages")) {
      modelError(req, 422, "{\"error\":\"Failed to deserialize the JSON body into the target type:"
          + " missing field `inputs`\",\"error_type\":\"validation\"}");
      return;
    }
    String inputs = body.getString("inputs");
    if (!inputs.startsWith(TEMPLATE_START) || !inputs.endsWith(GENERATION_PROMPT)) {
      problem(name + "the prompt was not rendered by the Qwen3 chat template: " + inputs);
    }
    if (body.getBoolean("stream", false) != stream) {
      problem(name + "stream is " + body.getValue("stream") + " on this operation");
    }
    if (stream) {
      stream(req, resource("/sagemaker/tgi-stream.sse"));
    } else {
      Buffer answer = Buffer.buffer("[").appendBuffer(resource(
          "/golden/huggingface/tgi-generate/chat-length/provider-response.json")).appendString("]");
      writeAwkwardly(req.response(), "application/json", answer);
    }
  }

  /** A container taking OpenAI chat bodies at {@code /invocations}. */
  private void messages(HttpServerRequest req, boolean stream, JsonObject body) {
    if (!(body.getValue("messages") instanceof JsonArray)) {
      modelError(req, 400, "{\"error\":{\"message\":\"messages is required\","
          + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}");
      return;
    }
    boolean tools = body.containsKey("tools");
    if (stream) {
      stream(req, resource("/golden/openai/chat/" + (tools ? "chat-streaming-tools"
          : "chat-streaming") + "/provider-response.sse"));
      return;
    }
    String answer = tools ? "chat-tools" : body.containsKey("response_format") ? "chat-json-schema"
        : body.getBoolean("logprobs", false) ? "chat-logprobs"
        : hasImage(body.getJsonArray("messages")) ? "chat-image-input" : "chat-basic";
    writeAwkwardly(req.response(), "application/json",
        resource("/golden/openai/chat/" + answer + "/provider-response.json"));
  }

  private static boolean hasImage(JsonArray messages) {
    for (int i = 0; i < messages.size(); i++) {
      Object content = messages.getJsonObject(i).getValue("content");
      if (content instanceof JsonArray && ((JsonArray) content).encode().contains("image_url")) {
        return true;
      }
    }
    return false;
  }

  private static Buffer encode(Message message) {
    ByteBuffer bytes = message.toByteBuffer();
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return Buffer.buffer(out);
  }
}
