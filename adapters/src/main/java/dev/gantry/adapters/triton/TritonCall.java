package dev.gantry.adapters.triton;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One chat call translated for Triton's generate extension: the request body, the stop strings
 * sent with it (TensorRT-LLM leaves a stop word at the end of its text; the readers remove it),
 * and the deployment's options the readers need (field names, stream text mode).
 */
record TritonCall(ObjectNode body, List<String> stop, TritonOptions options) {
  TritonCall {
    Objects.requireNonNull(body, "body");
    stop = List.copyOf(stop);
    Objects.requireNonNull(options, "options");
  }
}
