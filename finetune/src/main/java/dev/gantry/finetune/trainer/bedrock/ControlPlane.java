package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.BedrockSigner;
import dev.gantry.adapters.http.HttpTransport;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.finetune.trainer.TrainerException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Signed JSON calls to the Bedrock control plane (rest-json, SigV4 signing name
 * {@code bedrock}), over the adapters' {@link HttpTransport} and {@link BedrockSigner}: the exact
 * body bytes are signed, and the path (identifiers percent-encoded once by the caller) is encoded
 * again in the canonical request.
 */
final class ControlPlane {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String endpoint;
  private final BedrockCredentials credentials;
  private final BedrockSigner signer;
  private final HttpTransport transport;
  private final Duration timeout;

  ControlPlane(String endpoint, BedrockCredentials credentials, BedrockSigner signer,
      HttpTransport transport, Duration timeout) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.signer = signer;
    this.transport = transport;
    this.timeout = timeout;
  }

  /**
   * Sends a call and answers with the response whatever its status; fails only when it could not
   * be signed or sent.
   *
   * @param body a wire record, or null for none
   */
  Future<UpstreamResponse> send(String operation, HttpMethod method, String path, Object body) {
    ProviderHttpRequest request;
    try {
      request = body == null
          ? new ProviderHttpRequest(method, endpoint + path, Map.of(), Buffer.buffer())
          : ProviderHttpRequest.postJson(endpoint + path, Map.of(),
              Buffer.buffer(MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      return Future.failedFuture(new TrainerException("The gateway could not write its " + operation
          + " request.", false, e));
    }
    return credentials.current()
        .compose(auth -> auth instanceof BedrockAuth.SigV4 ? signer.sign(request)
            : Future.failedFuture(new TrainerException(TrainerErrors.BEARER_REFUSED, false)))
        .compose(signed -> transport.send(signed, timeout))
        .recover(t -> Future.failedFuture(TrainerErrors.other("Bedrock " + operation, t)));
  }

  /** Sends a call and reads its JSON answer; an error status fails with its mapped error. */
  Future<JsonNode> call(String operation, HttpMethod method, String path, Object body) {
    return send(operation, method, path, body).compose(response -> json(operation, response));
  }

  /** The JSON body of a 2xx answer, else the answer's error. */
  static Future<JsonNode> json(String operation, UpstreamResponse response) {
    if (!response.ok()) {
      return Future.failedFuture(TrainerErrors.controlPlane(operation, response));
    }
    if (response.body() == null || response.body().length() == 0) {
      return Future.succeededFuture(MAPPER.createObjectNode());
    }
    try {
      return Future.succeededFuture(MAPPER.readTree(response.body().getBytes()));
    } catch (IOException e) {
      return Future.failedFuture(new TrainerException("Bedrock " + operation
          + " answered with a body that is not JSON.", true, e));
    }
  }
}
