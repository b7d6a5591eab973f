package dev.gantry.adapters.huggingface.tgi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One chat call translated for TGI's native API: the {@code {inputs, parameters}} body (the
 * conversation rendered by the model's chat template) and the stop sequences sent with it, which
 * TGI leaves at the end of the generated text and the readers remove.
 *
 * @param body the {@code /generate} and {@code /generate_stream} body; callers of TGI's compat
 *     route ({@code POST /}, SageMaker's {@code /invocations}) add {@code stream} themselves
 * @param stop the stop sequences in {@code parameters.stop}
 */
public record TgiCall(ObjectNode body, List<String> stop) {
  public TgiCall {
    Objects.requireNonNull(body, "body");
    stop = List.copyOf(stop);
  }

  /** The body for TGI's compat route ({@code POST /}, {@code /invocations}): with {@code stream}. */
  public ObjectNode compatBody(boolean stream) {
    return body.deepCopy().put("stream", stream);
  }
}
