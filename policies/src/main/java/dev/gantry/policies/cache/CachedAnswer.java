package dev.gantry.policies.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.stream.ChatAssembly;
import dev.gantry.adapters.stream.ChatReplay;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One cached answer and when it was stored, in the bytes a {@link ResponseCache} keeps: a whole
 * chat answer, the chunks of a streamed one (kept as they came, so a replay equals the original:
 * text, reasoning, tool-call deltas, finish reason, usage), a legacy completion, or one embedding
 * vector. Answers are stored in the OpenAI wire form without ids or timestamps (each hit gets its
 * own), vectors as little-endian floats.
 *
 * @param storedAtMillis when it was stored (epoch millis), for {@code Cache-Control: max-age}
 * @param value a {@link ChatResponse}, a {@code List<ChatChunk>}, a {@link CompletionResponse} or
 *     a {@code float[]}
 */
public record CachedAnswer(long storedAtMillis, Object value) {

  private static final byte CHAT = 'R';
  private static final byte CHUNKS = 'S';
  private static final byte COMPLETION = 'C';
  private static final byte VECTOR = 'E';
  private static final byte VERSION = 1;
  private static final ResponseMeta META = new ResponseMeta("cached", 0, "cached");

  /** The answer as a whole chat response (a streamed one assembled from its chunks). */
  public ChatResponse chatResponse() {
    if (value instanceof ChatResponse) {
      return (ChatResponse) value;
    }
    ChatAssembly assembly = new ChatAssembly();
    chunks().forEach(assembly::add);
    return assembly.response();
  }

  /** The answer as stream chunks (a whole one told as a replay would). */
  @SuppressWarnings("unchecked")
  public List<ChatChunk> chatChunks() {
    return value instanceof ChatResponse ? ChatReplay.chunks((ChatResponse) value) : chunks();
  }

  @SuppressWarnings("unchecked")
  private List<ChatChunk> chunks() {
    if (!(value instanceof List)) {
      throw new IllegalStateException("not a chat answer: " + value.getClass().getSimpleName());
    }
    return (List<ChatChunk>) value;
  }

  /** The stored bytes. */
  public byte[] encode() {
    Buffer out = Buffer.buffer(256);
    out.appendByte(VERSION);
    if (value instanceof ChatResponse) {
      out.appendByte(CHAT).appendLong(storedAtMillis)
          .appendBuffer(OpenAiChat.writeResponse((ChatResponse) value, META));
    } else if (value instanceof CompletionResponse) {
      out.appendByte(COMPLETION).appendLong(storedAtMillis)
          .appendBuffer(OpenAiCompletions.writeResponse((CompletionResponse) value, META));
    } else if (value instanceof float[]) {
      float[] v = (float[]) value;
      ByteBuffer floats = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      floats.asFloatBuffer().put(v);
      out.appendByte(VECTOR).appendLong(storedAtMillis).appendBytes(floats.array());
    } else {
      out.appendByte(CHUNKS).appendLong(storedAtMillis).appendByte((byte) '[');
      List<ChatChunk> chunks = chunks();
      for (int i = 0; i < chunks.size(); i++) {
        if (i > 0) {
          out.appendByte((byte) ',');
        }
        out.appendBuffer(OpenAiChat.writeChunk(chunks.get(i), META, true));
      }
      out.appendByte((byte) ']');
    }
    return out.getBytes();
  }

  /**
   * Reads stored bytes.
   *
   * @throws RuntimeException when they are not an answer this version wrote (callers treat that
   *     as a miss)
   */
  public static CachedAnswer decode(byte[] bytes) {
    if (bytes.length < 10 || bytes[0] != VERSION) {
      throw new IllegalArgumentException("not a cached answer of version " + VERSION);
    }
    long at = ByteBuffer.wrap(bytes, 2, 8).getLong();
    int from = 10;
    switch (bytes[1]) {
      case CHAT:
        return new CachedAnswer(at, OpenAiChat.readResponse(tree(bytes, from)));
      case COMPLETION:
        return new CachedAnswer(at, OpenAiCompletions.readResponse(tree(bytes, from)));
      case VECTOR:
        float[] v = new float[(bytes.length - from) / 4];
        ByteBuffer.wrap(bytes, from, v.length * 4).order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer().get(v);
        return new CachedAnswer(at, v);
      case CHUNKS:
        List<ChatChunk> chunks = new ArrayList<>();
        for (JsonNode chunk : tree(bytes, from)) {
          chunks.add(OpenAiChat.readChunk(chunk));
        }
        return new CachedAnswer(at, List.copyOf(chunks));
      default:
        throw new IllegalArgumentException("unknown cached answer kind " + bytes[1]);
    }
  }

  private static JsonNode tree(byte[] bytes, int from) {
    try {
      return Json.MAPPER.readTree(bytes, from, bytes.length - from);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
