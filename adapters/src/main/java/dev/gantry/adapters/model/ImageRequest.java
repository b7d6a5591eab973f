package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An image generation request. Optional strings are null when not given.
 *
 * @param size {@code WIDTHxHEIGHT} or {@code auto}
 */
public record ImageRequest(String model, String prompt, int n, String size, String quality,
    String style, String outputFormat, String user, ObjectNode extensions) {

  public ImageRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    extensions = extensions == null ? JsonNodeFactory.instance.objectNode() : extensions;
  }
}
