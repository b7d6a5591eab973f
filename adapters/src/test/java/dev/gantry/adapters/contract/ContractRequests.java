package dev.gantry.adapters.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolDefinition;
import java.util.List;

/**
 * The canonical requests the contract sends, one per behaviour. They are what the gateway hands an
 * adapter after reading a client request; a fake upstream tells them apart by what its provider's
 * protocol shows (a stream flag, offered tools, an image part, a response schema, logprobs).
 */
final class ContractRequests {

  /** The model alias the client named (adapters receive the upstream name apart). */
  static final String ALIAS = "contract-alias";

  /** A 1×1 PNG, inline as a {@code data:} URL carries it. */
  static final String PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
      + "DwADhgGAWjR9awAAAABJRU5ErkJggg==";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ContractRequests() {}

  /** One user question, no tools, no stream. */
  static ChatRequest chat() {
    return ChatRequest.of(ALIAS, List.of(Message.user("Why is the sky blue?")));
  }

  /** {@link #chat()} streamed, asking for usage. */
  static ChatRequest chatStream() {
    return chat().withStream(true, true);
  }

  /** A weather question offering one function, the provider choosing whether to call it. */
  static ChatRequest tools() {
    ObjectNode location = NODES.objectNode().put("type", "string")
        .put("description", "The city and country, e.g. Paris, FR");
    ObjectNode parameters = NODES.objectNode().put("type", "object");
    parameters.putObject("properties").set("location", location);
    parameters.putArray("required").add("location");
    ToolDefinition weather = new ToolDefinition("get_current_weather",
        "Get the current weather for a location", parameters, null);
    return new ChatRequest(ALIAS, List.of(Message.user("What is the weather today in Paris?")),
        GenerationParams.DEFAULTS, List.of(weather), null, null, false, false, null, null);
  }

  /** {@link #tools()} streamed, asking for usage. */
  static ChatRequest toolsStream() {
    return tools().withStream(true, true);
  }

  /** A question about an inline image (every vision provider takes inline bytes). */
  static ChatRequest vision() {
    Message user = new Message(Role.USER, List.of(ContentPart.text("What is in this image?"),
        ContentPart.image(new ImageSource.Inline("image/png", PNG_1PX))), List.of(), null, null);
    return ChatRequest.of(ALIAS, List.of(user));
  }

  /** A question whose answer must follow a JSON Schema. */
  static ChatRequest jsonSchema() {
    ObjectNode schema = NODES.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("city").put("type", "string");
    properties.putObject("country").put("type", "string");
    schema.putArray("required").add("city").add("country");
    ChatRequest r = ChatRequest.of(ALIAS,
        List.of(Message.user("What is the capital of France?")));
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(),
        ResponseFormat.jsonSchema("CityLocation", schema, null), false, false, null, null);
  }

  /** {@link #chat()} asking for token logprobs with two alternatives each. */
  static ChatRequest logprobs() {
    return ChatRequest.of(ALIAS, List.of(Message.user("Hello!"))).withParams(
        new GenerationParams(null, null, null, null, null, null, null, null, true, 2));
  }

  /** A legacy text completion of one prompt. */
  static CompletionRequest completion(boolean stream) {
    return new CompletionRequest(ALIAS, TextNode.valueOf("What is Deep Learning?"), null, stream,
        stream, null, null);
  }

  /** Embeddings of the given texts. */
  static EmbeddingRequest embeddings(String... texts) {
    return EmbeddingRequest.ofTexts(ALIAS, List.of(texts));
  }

  /** One generated image. */
  static ImageRequest image() {
    return new ImageRequest(ALIAS, "A cute baby sea otter", 1, "1024x1024", null, null, null, null,
        null);
  }
}
