package dev.gantry.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI chat completions wire format, both directions: client ↔ gateway (read requests,
 * write responses and chunks) and gateway ↔ OpenAI-compatible upstream (write requests, read
 * responses and chunks). Pure and stateless; stream state lives in the caller's decoder.
 *
 * <p>Request reading validates like OpenAI and fails with {@code INVALID_REQUEST} naming the JSON
 * path at fault ({@code messages[2].role}, {@code temperature}...). Choices made here:
 * <ul>
 *   <li>{@code stop}: a string or up to 4 strings (OpenAI's limit).</li>
 *   <li>{@code max_completion_tokens} wins over {@code max_tokens} when both are given.</li>
 *   <li>The legacy {@code functions}/{@code function_call} parameters and {@code function}
 *       messages are rejected as {@code UNSUPPORTED}: mapping them to tools would answer with
 *       {@code tool_calls}, which a legacy client does not read.</li>
 *   <li>Tool names must match {@code ^[a-zA-Z0-9_-]{1,64}$} (OpenAI's and Bedrock's rule).</li>
 *   <li>Images are allowed in user messages only; a URL must be {@code http(s)} or a base64
 *       {@code data:image/...} URL.</li>
 *   <li>Top-level fields the canonical model does not capture go to
 *       {@link ChatRequest#extensions()} unchanged; message-level extras (e.g. a replayed
 *       {@code reasoning}) are dropped.</li>
 * </ul>
 */
public final class OpenAiChat {

  private OpenAiChat() {}

  /** Client request → canonical, validated. */
  public static ChatRequest readRequest(JsonNode body) {
    return ChatRequestReader.read(body);
  }

  /** Canonical → the client's {@code chat.completion} body. */
  public static Buffer writeResponse(ChatResponse r, ResponseMeta meta) {
    return ChatResponseWriter.response(r, meta);
  }

  /**
   * Canonical → one {@code chat.completion.chunk} JSON object, without SSE framing. With
   * {@code includeUsage}, a chunk without usage carries {@code "usage":null}; the usage chunk has
   * {@code "choices":[]}.
   */
  public static Buffer writeChunk(ChatChunk c, ResponseMeta meta, boolean includeUsage) {
    return ChatResponseWriter.chunk(c, meta, includeUsage);
  }

  /**
   * Canonical → the upstream body: {@code model} is {@code upstreamModel}, the length limit is
   * sent as {@code max_tokens} (what vLLM, TGI and llama.cpp accept), a stream always asks for
   * {@code stream_options.include_usage}, and extensions are merged back (canonical fields win).
   */
  public static Buffer writeRequest(ChatRequest r, String upstreamModel, boolean stream) {
    return ChatRequestWriter.write(r, upstreamModel, stream);
  }

  /**
   * Upstream {@code chat.completion} → canonical.
   *
   * @throws dev.gantry.adapters.spi.GatewayException the mapped error for an error object, or
   *     {@code UPSTREAM_ERROR} for a body without choices
   */
  public static ChatResponse readResponse(JsonNode body) {
    return ChatResponseReader.response(body);
  }

  /**
   * One upstream {@code chat.completion.chunk} → canonical, as sent (TGI's repeated role and
   * tool-call ids included; the stream decoder normalizes them). Empty content fragments are
   * dropped.
   *
   * @throws dev.gantry.adapters.spi.GatewayException for an in-stream error object
   */
  public static ChatChunk readChunk(JsonNode chunk) {
    return ChatResponseReader.chunk(chunk);
  }
}
