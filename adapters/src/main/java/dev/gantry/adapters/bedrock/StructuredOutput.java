package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.spi.GatewayException;

/**
 * OpenAI {@code response_format} → Converse {@code outputConfig} (providers.md §1.2).
 *
 * <ul>
 *   <li>{@code text} or absent: nothing.
 *   <li>{@code json_schema}: {@code {textFormat:{type:"json_schema", structure:{jsonSchema:{schema,
 *       name}}}}}, the schema as a JSON <em>string</em>, as Bedrock wants it. OpenAI's
 *       {@code strict} has no counterpart (Bedrock always enforces the schema). Models known not
 *       to support it ({@link ModelIds#mayUseJsonSchema}) are refused as UNSUPPORTED; for the
 *       others, including ids that hide their model, Bedrock decides.
 *   <li>{@code json_object}: UNSUPPORTED, since Converse has no schemaless JSON mode.
 * </ul>
 */
final class StructuredOutput {

  private StructuredOutput() {}

  /** The {@code outputConfig}, or null when none is needed. */
  static ObjectNode of(ResponseFormat format, String modelId) {
    if (format == null || format.type() == ResponseFormat.Type.TEXT) {
      return null;
    }
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      throw GatewayException.unsupported("Bedrock Converse has no JSON mode; use response_format "
          + "'json_schema' with a schema instead.", "response_format");
    }
    if (!ModelIds.mayUseJsonSchema(modelId)) {
      throw GatewayException.unsupported("This deployment's Bedrock model does not support "
          + "structured outputs (response_format 'json_schema').", "response_format");
    }
    ObjectNode config = ConverseJson.object();
    ObjectNode textFormat = config.putObject("textFormat");
    textFormat.put("type", "json_schema");
    ObjectNode schema = textFormat.putObject("structure").putObject("jsonSchema");
    schema.put("schema", ConverseJson.text(format.schema()));
    if (format.name() != null) {
      schema.put("name", format.name());
    }
    return config;
  }
}
