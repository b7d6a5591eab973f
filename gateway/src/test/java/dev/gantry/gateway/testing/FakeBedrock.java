package dev.gantry.gateway.testing;

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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bedrock Runtime on 127.0.0.1 that checks every request as AWS would before answering with
 * recordings ({@code upstream/bedrock/}, see SOURCE.md there):
 * <ul>
 *   <li>the SigV4 signature, with {@link SigV4Verifier} for {@value #ACCESS_KEY_ID}, region
 *       {@value #REGION}, service {@code bedrock}: a bad one gets AWS's 403
 *       {@code InvalidSignatureException};</li>
 *   <li>the path {@code /model/<id>/<operation>} with the model id percent-encoded as one
 *       segment (a {@code :} must arrive as {@code %3A});</li>
 * </ul>
 * and records what it found wrong in {@link #problems()}. Converse answers a recorded JSON chosen
 * by the request (tools, a tool result, a Claude model); ConverseStream replays a recorded event
 * stream cut at awkward byte boundaries ({@link #writeAwkwardly}); InvokeModel on Titan Text
 * Embeddings v2 answers the recorded vector. CountTokens checks its body is
 * {@code {"input":{"converse":{...}}}} with only {@code ConverseTokensRequest} members and answers
 * {@code {"inputTokens": N}}, N set by {@link #countTokens(int)}. Tests can replace the answer of
 * one raw path.
 */
public final class FakeBedrock extends LoopbackFake<FakeBedrock, FakeBedrock.Received> {

  public static final String ACCESS_KEY_ID = "AKIDGANTRYE2ETEST";
  public static final String SECRET_ACCESS_KEY = "gantry/e2e/wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  public static final String REGION = "us-east-1";
  public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  /** The model ids this fake knows (a Bedrock account with access to these). */
  public static final Set<String> MODELS = Set.of("us.amazon.nova-micro-v1:0",
      "us.anthropic.claude-sonnet-4-20250514-v1:0", "amazon.titan-embed-text-v2:0");

  /** Piece sizes after the first three (1, 7, 13): they land inside frames, not between them. */
  private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream|invoke|count-tokens)");
  /** The members of {@code ConverseTokensRequest} in the service model. */
  private static final Set<String> COUNT_FIELDS =
      Set.of("messages", "system", "toolConfig", "additionalModelRequestFields");

  /** One request that passed the checks. */
  public record Received(String rawPath, String modelId, String operation, Map<String, String> headers,
      JsonObject body) {}

  private final java.util.concurrent.atomic.AtomicInteger inputTokens =
      new java.util.concurrent.atomic.AtomicInteger(21);
  private final SigV4Verifier verifier = SigV4Verifier.forKeys(ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION);

  /** Model ids known besides {@link #MODELS}: custom model deployments created by tests. */
  private final Set<String> added = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public FakeBedrock(Vertx vertx) {
    super(vertx);
  }

  /** This account can call {@code modelId} too (a custom model deployment's ARN, say). */
  public FakeBedrock accept(String modelId) {
    added.add(modelId);
    return this;
  }

  /** What CountTokens answers from now on. */
  public FakeBedrock countTokens(int tokens) {
    inputTokens.set(tokens);
    return this;
  }

  public static Buffer resource(String name) {
    try (InputStream in = FakeBedrock.class.getResourceAsStream("/upstream/bedrock/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      String target = req.uri();
      String rawPath = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
      SigV4Verifier.Result signature = verifier.verify(req, body);
      if (!signature.valid()) {
        signature.problems().forEach(p -> problem(req.method() + " " + rawPath + ": " + p));
        req.response().setStatusCode(403).putHeader("content-type", "application/json")
            .putHeader("x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/")
            .end("{\"message\":\"The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\"}");
        return;
      }
      Matcher m = PATH.matcher(rawPath);
      if (!m.matches()) {
        problem(req.method() + " " + rawPath + ": not /model/<id>/<operation>");
        req.response().setStatusCode(404).putHeader("x-amzn-ErrorType", "UnknownOperationException")
            .end("{\"message\":\"Unknown operation\"}");
        return;
      }
      String segment = m.group(1);
      String modelId = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (segment.contains(":")) {
        problem(req.method() + " " + rawPath + ": the model id's ':' is not percent-encoded");
      }
      if (!MODELS.contains(modelId) && !added.contains(modelId)) {
        validation(req, "The provided model identifier is invalid.");
        return;
      }
      JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      Map<String, String> headers = new java.util.HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      record(new Received(rawPath, modelId, m.group(2), headers, json));
      Handler<HttpServerRequest> override = overrideOf(rawPath);
      if (override != null) {
        override.handle(req);
      } else if ("converse".equals(m.group(2))) {
        req.response().putHeader("content-type", "application/json")
            .end(resource(converseRecording(modelId, json)));
      } else if ("converse-stream".equals(m.group(2))) {
        writeAwkwardly(req.response(), EVENT_STREAM, resource(json.containsKey("toolConfig")
            ? "converse-stream-tools.eventstream" : "converse-stream-text.eventstream"));
      } else if ("count-tokens".equals(m.group(2))) {
        countTokens(req, rawPath, json);
      } else {
        invoke(req, modelId, json);
      }
    });
  }

  private static String converseRecording(String modelId, JsonObject body) {
    if (modelId.contains("anthropic")) {
      return "converse-reasoning.json";
    }
    JsonArray messages = body.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      JsonArray content = messages.getJsonObject(i).getJsonArray("content", new JsonArray());
      for (int j = 0; j < content.size(); j++) {
        if (content.getJsonObject(j).containsKey("toolResult")) {
          return "converse-tool-result.json";
        }
      }
    }
    return body.containsKey("toolConfig") ? "converse-tools.json" : "converse-basic.json";
  }

  private void invoke(HttpServerRequest req, String modelId, JsonObject body) {
    if (!modelId.startsWith("amazon.titan-embed-text-v2") || !(body.getValue("inputText") instanceof String)) {
      validation(req, "Malformed input request, please reformat your input and try again.");
      return;
    }
    req.response().putHeader("content-type", "application/json")
        .putHeader("x-amzn-bedrock-input-token-count", "4")
        .end(resource("invoke-titan-v2.json"));
  }

  private void countTokens(HttpServerRequest req, String rawPath, JsonObject body) {
    JsonObject converse = body.getJsonObject("input", new JsonObject()).getJsonObject("converse");
    if (body.size() != 1 || converse == null || body.getJsonObject("input").size() != 1
        || !(converse.getValue("messages") instanceof JsonArray)
        || !COUNT_FIELDS.containsAll(converse.fieldNames())) {
      problem("POST " + rawPath + ": not {input:{converse:{messages, system?, toolConfig?,"
          + " additionalModelRequestFields?}}}: " + body.fieldNames());
      validation(req, "Malformed input request, please reformat your input and try again.");
      return;
    }
    req.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("inputTokens", inputTokens.get()).toBuffer());
  }

  private static void validation(HttpServerRequest req, String message) {
    req.response().setStatusCode(400).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")
        .end(new JsonObject().put("message", message).toBuffer());
  }
}
