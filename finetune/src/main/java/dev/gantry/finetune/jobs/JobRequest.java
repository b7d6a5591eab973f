package dev.gantry.finetune.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.openai.Json;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.finetune.trainer.TrainingSpec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The stored create request of a job ({@link dev.gantry.store.finetune.JobRecord#request()}):
 * the OpenAI fields as the client sent them (normalized), plus what Gantry adds while driving the
 * job (the tuned model's deployment, under {@value #SERVED}, never shown to clients).
 */
public final class JobRequest {

  /** Where the tuned model's deployment is kept once it is served. */
  static final String SERVED = "gantry_served";

  private JobRequest() {}

  static ObjectNode parse(String request) {
    return (ObjectNode) Json.parse(io.vertx.core.buffer.Buffer.buffer(request));
  }

  static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  /** The supervised hyperparameters of {@code method}, else the legacy {@code hyperparameters}. */
  static TrainingSpec.Hyperparameters hyperparameters(JsonNode request) {
    JsonNode hp = request.path("method").path("supervised").path("hyperparameters");
    if (hp.isMissingNode() || hp.isNull()) {
      hp = request.path("hyperparameters");
    }
    return new TrainingSpec.Hyperparameters(integer(hp.get("n_epochs")),
        integer(hp.get("batch_size")), decimal(hp.get("learning_rate_multiplier")));
  }

  private static Integer integer(JsonNode node) {
    return node == null || !node.isNumber() ? null : node.intValue();
  }

  private static Double decimal(JsonNode node) {
    return node == null || !node.isNumber() ? null : node.doubleValue();
  }

  /** The request with the served deployment recorded. */
  static String withServed(String request, ServedModel served) {
    ObjectNode node = parse(request);
    ObjectNode s = node.putObject(SERVED);
    s.put("provider", served.provider()).put("model", served.model());
    ObjectNode options = s.putObject("options");
    served.options().forEach(options::put);
    return node.toString();
  }

  /** The served deployment recorded in a succeeded job's request, or null. */
  public static ServedModel served(String request) {
    JsonNode s = parse(request).get(SERVED);
    if (s == null || !s.isObject()) {
      return null;
    }
    Map<String, String> options = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("options").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      options.put(e.getKey(), e.getValue().asText());
    }
    return new ServedModel(s.path("provider").asText(), s.path("model").asText(), options);
  }

  /** The request as clients may see it (without what Gantry added). */
  public static ObjectNode visible(String request) {
    ObjectNode node = parse(request);
    node.remove(SERVED);
    return node;
  }
}
