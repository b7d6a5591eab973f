package dev.gantry.adapters.vertex;

import java.util.Objects;

/**
 * The resource URLs Vertex AI serves models at, to which a call appends its verb
 * ({@code :generateContent}, {@code :rawPredict}, {@code :predict}, {@code /chat/completions}):
 * a publisher's model ({@code .../publishers/google/models/gemini-2.5-flash}) or an endpoint the
 * team deployed to ({@code .../endpoints/1234567890}).
 */
public final class VertexResources {

  private VertexResources() {}

  /**
   * {@code {locationUrl}/publishers/{publisher}/models/{model}}.
   *
   * @throws IllegalArgumentException for a blank or path-like model name
   */
  public static String publisherModel(String locationUrl, String publisher, String model) {
    return trimmed(locationUrl) + "/publishers/" + publisher + "/models/" + segment("model", model);
  }

  /**
   * {@code {locationUrl}/endpoints/{endpointId}}.
   *
   * @throws IllegalArgumentException for a blank or path-like endpoint id
   */
  public static String endpoint(String locationUrl, String endpointId) {
    return trimmed(locationUrl) + "/endpoints/" + segment("endpoint id", endpointId);
  }

  private static String segment(String what, String value) {
    if (value == null || value.isBlank() || value.contains("/") || value.contains(":")
        || value.contains("?") || value.contains("#")) {
      throw new IllegalArgumentException("a Vertex " + what + " is one path segment: " + value);
    }
    return value;
  }

  private static String trimmed(String locationUrl) {
    Objects.requireNonNull(locationUrl, "locationUrl");
    String base = locationUrl;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base;
  }
}
