package dev.gantry.adapters.bedrock.eventstream;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.Framer;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import software.amazon.eventstream.Message;

/**
 * Cuts an {@code application/vnd.amazon.eventstream} body into messages (providers.md §1.6),
 * whatever the HTTP chunk boundaries: a chunk may end inside a prelude or a payload, or hold many
 * messages. One instance per stream.
 *
 * <p>The 12-byte prelude is checked (CRC-32 and plausible lengths) as soon as it has arrived, so a
 * corrupted length is rejected at once instead of making the framer wait for, or buffer, bytes that
 * will never come. A complete message then goes through AWS's {@link Message#decode(ByteBuffer)},
 * which checks the message CRC and parses the headers. This class buffers the partial message
 * itself rather than feeding AWS's {@code MessageDecoder}, because that decoder allocates a 2 MiB
 * buffer per instance, i.e. per open stream.
 *
 * <p>Failures are {@link ErrorKind#UPSTREAM_ERROR}: a checksum mismatch or an impossible length
 * ("corrupted event stream from Bedrock"), and input that ends inside a message ("event stream
 * ended mid-message"), naming the service that sent the stream (Bedrock unless told otherwise,
 * e.g. SageMaker Runtime's response streams). After a failure the bad bytes stay at the head, so
 * feeding more fails again.
 */
public final class EventStreamFramer implements Framer<Message> {

  /** total_length, headers_length and prelude_crc, each a big-endian uint32. */
  static final int PRELUDE_LENGTH = 12;
  /** The prelude plus the trailing message CRC: an empty message. */
  static final int MIN_MESSAGE_LENGTH = 16;
  /** AWS's own limits: 128 KiB of headers and a 24 MiB payload. */
  static final long MAX_HEADERS_LENGTH = 128 * 1024;
  static final long MAX_MESSAGE_LENGTH = MIN_MESSAGE_LENGTH + MAX_HEADERS_LENGTH + 24 * 1024 * 1024;

  /** The service named in errors. */
  private final String service;
  /** Bytes of the message not complete yet (never a whole message); empty between messages. */
  private Buffer pending = Buffer.buffer();

  /** A framer for a Bedrock stream. */
  public EventStreamFramer() {
    this("Bedrock");
  }

  /** @param service the service that sends the stream, named in errors (e.g. {@code SageMaker}) */
  public EventStreamFramer(String service) {
    this.service = service;
  }

  @Override
  public void feed(Buffer chunk, Consumer<Message> sink) {
    Buffer data;
    if (pending.length() == 0) {
      data = chunk;
    } else {
      pending.appendBuffer(chunk);
      data = pending;
    }
    int position = 0;
    try {
      while (data.length() - position >= PRELUDE_LENGTH) {
        int length = messageLength(data, position);
        if (data.length() - position < length) {
          break;
        }
        Message message = decode(data, position, length);
        position += length;
        sink.accept(message);
      }
    } finally {
      keepRemainder(data, chunk, position);
    }
  }

  @Override
  public void end(Consumer<Message> sink) {
    if (pending.length() > 0) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          service + " event stream ended mid-message (" + pending.length()
              + " bytes of an incomplete message).");
    }
  }

  private void keepRemainder(Buffer data, Buffer chunk, int position) {
    if (position == data.length()) {
      pending = Buffer.buffer();
    } else if (position > 0 || data == chunk) {
      // getBuffer copies: drops the bytes consumed, and never keeps the caller's chunk
      pending = data.getBuffer(position, data.length());
    }
    // else: nothing consumed from `pending`, which already holds the new bytes
  }

  /** Checks the prelude at {@code position} and returns the whole message's length. */
  private int messageLength(Buffer data, int position) {
    CRC32 crc = new CRC32();
    crc.update(data.getBytes(position, position + 8));
    if (crc.getValue() != data.getUnsignedInt(position + 8)) {
      throw corrupted("prelude checksum mismatch", null);
    }
    long total = data.getUnsignedInt(position);
    long headers = data.getUnsignedInt(position + 4);
    if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH || headers > MAX_HEADERS_LENGTH
        || headers > total - MIN_MESSAGE_LENGTH) {
      throw corrupted("impossible lengths in a message prelude", null);
    }
    return (int) total;
  }

  private Message decode(Buffer data, int position, int length) {
    try {
      return Message.decode(ByteBuffer.wrap(data.getBytes(position, position + length)));
    } catch (RuntimeException e) {
      String detail = String.valueOf(e.getMessage()).startsWith("Message checksum")
          ? "message checksum mismatch" : "malformed message headers";
      throw corrupted(detail, e);
    }
  }

  private GatewayException corrupted(String detail, Throwable cause) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "corrupted event stream from " + service + " (" + detail + ").", null, -1, cause);
  }
}
