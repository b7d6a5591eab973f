package dev.gantry.sdk.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.sdk.ConnectionException;
import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.TimeoutException;
import dev.gantry.sdk.internal.Json;
import dev.gantry.sdk.internal.SseReader;
import dev.gantry.sdk.internal.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat completion being received. Iterate it (once) for the chunks; the iteration ends
 * at {@code [DONE]}. Always close it: closing before the end closes the connection, which cancels
 * the request (Gantry then cancels the upstream call).
 *
 * <pre>{@code
 * try (ChatStream stream = client.chat().stream(request)) {
 *   for (ChatChunk chunk : stream) {
 *     System.out.print(chunk.text());
 *   }
 * }
 * }</pre>
 *
 * <p>An error event inside the stream is thrown from the iterator as a {@link GantryException};
 * a stream that sends nothing for the call's timeout (between any two bytes, keep-alive comments
 * included) is closed and a {@link TimeoutException} thrown.
 */
public final class ChatStream implements AutoCloseable, Iterable<ChatChunk> {
  private final InputStream body;
  private final SseReader reader;
  private final GantryHeaders headers;
  private final Transport transport;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean iterated;

  ChatStream(Transport.Answer<InputStream> answer, Transport transport) {
    this.body = answer.body();
    this.reader = new SseReader(body);
    this.headers = answer.headers();
    this.transport = transport;
  }

  /** The answer's headers (request id, deployment, cache...). */
  public GantryHeaders headers() {
    return headers;
  }

  /** The chunks; may be called once. */
  @Override
  public Iterator<ChatChunk> iterator() {
    synchronized (this) {
      if (iterated) {
        throw new IllegalStateException("a ChatStream can be iterated once");
      }
      iterated = true;
    }
    return new ChunkIterator();
  }

  /** The chunks as a sequential {@link Stream}; closing the stream closes this. */
  public Stream<ChatChunk> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(this::close);
  }

  /** Reads the rest of the stream and assembles it ({@link ChatAccumulator}); then closes. */
  public ChatCompletion accumulate() {
    ChatAccumulator acc = new ChatAccumulator();
    try (this) {
      for (ChatChunk c : this) {
        acc.add(c);
      }
    }
    return acc.toCompletion().withHeaders(headers);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the body, and with it the connection if the stream has not ended. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        body.close();
      } catch (IOException ignored) {
        // closing is best effort
      }
    }
  }

  private final class ChunkIterator implements Iterator<ChatChunk> {
    private ChatChunk next;
    private boolean done;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      next = read();
      if (next == null) {
        done = true;
        close();
      }
      return next != null;
    }

    @Override
    public ChatChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ChatChunk c = next;
      next = null;
      return c;
    }

    private ChatChunk read() {
      while (!closed.get()) {
        SseReader.Event e;
        try {
          e = reader.next();
        } catch (IOException io) {
          if (closed.get()) {
            return null;
          }
          done = true;
          close();
          String why = transport.redact(String.valueOf(io.getMessage()));
          if (io instanceof HttpTimeoutException) {
            throw new TimeoutException(ErrorDetails.local("stream stalled: " + why), io);
          }
          throw new ConnectionException(ErrorDetails.local("stream broke: " + why), io);
        }
        if (e == null || e.data().equals("[DONE]")) {
          return null;
        }
        if (e.data().isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(e.data());
        } catch (IOException bad) {
          done = true;
          close();
          throw new GantryException(new ErrorDetails(200, "malformed stream event: "
              + Json.describe(bad), null, null, null, headers), null);
        }
        if (node.has("error")) {
          done = true;
          close();
          throw transport.streamError(node.get("error"), headers);
        }
        try {
          return Json.MAPPER.treeToValue(node, ChatChunk.class);
        } catch (IOException bad) {
          done = true;
          close();
          throw new GantryException(new ErrorDetails(200, "malformed chunk: "
              + Json.describe(bad), null, null, null, headers), null);
        }
      }
      return null;
    }
  }
}
