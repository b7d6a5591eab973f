package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;

/**
 * Google APIs' HTTP conventions (Vertex AI, Cloud Storage): the provider's OAuth bearer token,
 * fetched per call, and errors carrying Google's {@code error.status}/{@code error.message}.
 */
final class GoogleApi implements TrainerHttp.Api {

  private final VertexCredentials credentials;

  GoogleApi(VertexCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Future<MultiMap> authorization() {
    return credentials.accessToken()
        .recover(e -> Future.failedFuture(new TrainerException(e.getMessage(), true, e)))
        .map(token -> MultiMap.caseInsensitiveMultiMap()
            .set(HttpHeaders.AUTHORIZATION, "Bearer " + token));
  }

  @Override
  public JsonNode answer(String what, TrainerHttp.Response response) {
    return json(response);
  }

  /** A 2xx answer's JSON. */
  static JsonNode json(TrainerHttp.Response response) {
    try {
      return GeminiTuningData.JSON.readTree(response.body().getBytes());
    } catch (IOException e) {
      throw new TrainerException("Vertex AI answered with malformed JSON.", true, e);
    }
  }

  /** Google's error: {@code " STATUS: message"}, or empty when not Google's JSON error. */
  @Override
  public String errorDetail(TrainerHttp.Response response) {
    try {
      JsonNode error = GeminiTuningData.JSON.readTree(response.body().getBytes()).path("error");
      String status = error.path("status").asText("");
      String message = error.path("message").asText("");
      return (status.isEmpty() ? "" : " " + status) + (message.isEmpty() ? "" : ": " + message);
    } catch (IOException | RuntimeException e) {
      // not Google's JSON error (an HTML 404 page): the status alone
      return "";
    }
  }
}
