/**
 * The {@code bedrock} provider: Amazon Bedrock Runtime (providers.md §1). This package holds the
 * chat part, pure and unsigned:
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.bedrock.BedrockConverseTranslator}: OpenAI chat ↔
 *       {@code POST /model/{modelId}/converse} and {@code /converse-stream}, for every text model;
 *       concept mappers beside it (messages, tools, inference config, structured output,
 *       model-native fields, usage, stop reasons, model ids).
 *   <li>{@link dev.gantry.adapters.bedrock.ConverseStreamDecoder}: ConverseStream event-stream
 *       frames into canonical chunks.
 *   <li>{@link dev.gantry.adapters.bedrock.BedrockErrors}: HTTP error responses and in-stream
 *       exception frames onto the taxonomy.
 * </ul>
 *
 * <p>Signing, event-stream framing and the InvokeModel APIs live in sub-packages of their own.
 */
package dev.gantry.adapters.bedrock;
