package dev.gantry.finetune.trainer.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainerHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.io.IOException;

/**
 * The self-hosted trainer's and vLLM's HTTP conventions: fixed headers (the bearer key) on every
 * call, JSON-object answers, and errors whose message is {@code error.message}, vLLM's older
 * {@code message} or plain text.
 */
final class BearerApi implements TrainerHttp.Api {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Future<MultiMap> headers;

  /** @param headers sent on every call (e.g. {@code Authorization: Bearer <key>}) */
  BearerApi(MultiMap headers) {
    this.headers = Future.succeededFuture(headers);
  }

  @Override
  public Future<MultiMap> authorization() {
    return headers;
  }

  @Override
  public JsonNode answer(String what, TrainerHttp.Response response) {
    try {
      JsonNode node = JSON.readTree(response.body().getBytes());
      if (node == null || !node.isObject()) {
        throw new IOException("not an object");
      }
      return node;
    } catch (IOException e) {
      throw new TrainerException(what + ": the answer is not a JSON object.", true, e);
    }
  }

  @Override
  public String errorDetail(TrainerHttp.Response response) {
    String message = errorMessage(response);
    return message.isEmpty() ? "" : ": " + message;
  }

  /** The server's error message: {@code error.message}, vLLM's older {@code message}, text. */
  static String errorMessage(TrainerHttp.Response response) {
    try {
      JsonNode node = JSON.readTree(response.body().getBytes());
      if (node != null && node.isObject()) {
        JsonNode error = node.path("error");
        String message = error.isTextual() ? error.textValue()
            : error.path("message").asText(node.path("message").asText(""));
        return message;
      }
    } catch (IOException e) {
      // plain text below
    }
    String text = response.body().toString().strip();
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
