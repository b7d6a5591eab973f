package dev.gantry.adapters.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The one Jackson setup of the OpenAI wire codec: parsing request and response bodies into trees,
 * and writing bodies with a streaming {@link JsonGenerator} straight into a Vert.x {@link Buffer}.
 */
public final class Json {

  /**
   * The shared mapper. Strings may be up to 64 MiB, so inline base64 images of the sizes OpenAI
   * accepts (20 MB per image) parse.
   */
  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build())
      .build());

  private static final String UNPARSABLE = "We could not parse the JSON body of your request. "
      + "(HINT: This likely means you aren't using your HTTP library correctly. The API expects a "
      + "JSON payload, but what was sent was not valid JSON.)";

  private Json() {}

  /** Writes one JSON document with a generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Parses a client's request body.
   *
   * @throws GatewayException {@code INVALID_REQUEST} when the body is empty or not JSON
   */
  public static JsonNode parse(Buffer body) {
    JsonNode node = null;
    try {
      if (body != null && body.length() > 0) {
        node = MAPPER.readTree(body.getBytes());
      }
    } catch (IOException e) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      throw GatewayException.invalid(UNPARSABLE, null);
    }
    return node;
  }

  /**
   * Parses a provider's response body.
   *
   * @throws GatewayException {@code UPSTREAM_ERROR} when it is not JSON
   */
  public static JsonNode parseUpstream(Buffer body) {
    try {
      return nonEmpty(MAPPER.readTree(body.getBytes()));
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
  }

  /**
   * Parses the data of a provider's stream event.
   *
   * @throws GatewayException {@code UPSTREAM_ERROR} when it is not JSON
   */
  public static JsonNode parseUpstream(String data) {
    try {
      return nonEmpty(MAPPER.readTree(data));
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
  }

  private static JsonNode nonEmpty(JsonNode node) throws IOException {
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty JSON document");
    }
    return node;
  }

  /** Runs {@code writer} on a generator that appends to a new buffer, and returns the buffer. */
  public static Buffer write(Writer writer) {
    Buffer out = Buffer.buffer(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(new BufferOutput(out))) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Writes {@code "name": value} only when the value is not null. */
  static void stringField(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Writes {@code "name": value} only when the value is not null. */
  static void numberField(JsonGenerator g, String name, Double value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  /** Writes {@code "name": value} only when the value is not null. */
  static void numberField(JsonGenerator g, String name, Integer value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  /** Writes {@code "name": value} only when the value is not null. */
  static void numberField(JsonGenerator g, String name, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  /** Writes {@code "name": value} only when the value is not null. */
  static void booleanField(JsonGenerator g, String name, Boolean value) throws IOException {
    if (value != null) {
      g.writeBooleanField(name, value);
    }
  }

  /** Copies pass-through fields, except any the canonical request owns (those always win). */
  static void extensions(JsonGenerator g, ObjectNode extensions, Set<String> reserved)
      throws IOException {
    Iterator<Map.Entry<String, JsonNode>> it = extensions.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!reserved.contains(e.getKey())) {
        g.writeFieldName(e.getKey());
        g.writeTree(e.getValue());
      }
    }
  }

  /** Appends the generator's (already buffered) bytes to a Vert.x buffer. */
  private static final class BufferOutput extends OutputStream {
    private final Buffer out;

    BufferOutput(Buffer out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.appendBytes(b, off, len);
    }
  }
}
