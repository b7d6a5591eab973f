package dev.gantry.adapters.sagemaker;

import dev.gantry.adapters.bedrock.eventstream.EventHeaders;
import dev.gantry.adapters.stream.Framer;
import dev.gantry.adapters.stream.StreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Decodes an {@code InvokeEndpointWithResponseStream} body, already cut into event-stream messages,
 * into the canonical items of the container's own stream. The {@code ResponseStream} union of the
 * service model has three members:
 * <ul>
 *   <li>{@code PayloadPart}: its {@code Bytes} member is the event payload ({@code eventpayload}),
 *       so the message payload is raw bytes of the container's output (not JSON, not base64),
 *       split wherever SageMaker split them: a part may end inside an SSE event, a line or a UTF-8
 *       character. They are fed, in order, to the container's framer ({@code SseFramer}) and
 *       decoder (TGI's or the OpenAI-compatible one), which see one continuous byte stream;</li>
 *   <li>{@code ModelStreamError} ({@code {Message, ErrorCode}}) and {@code InternalStreamFailure}
 *       ({@code {Message}}): exception messages ({@code :message-type} {@code exception},
 *       {@code :exception-type} the member name), thrown as mapped by {@link SageMakerErrors};
 *       unmodeled errors ({@code :message-type} {@code error}) likewise.</li>
 * </ul>
 * Other event types are ignored. At the end, the container's framer flushes its last event and the
 * container's decoder decides whether the stream was complete. One instance per stream.
 *
 * @param <F> the container's frame type
 * @param <T> the canonical item type
 */
final class PayloadPartDecoder<F, T> implements StreamDecoder<Message, T> {

  static final String PAYLOAD_PART = "PayloadPart";

  private final Framer<F> framer;
  private final StreamDecoder<F, T> container;

  PayloadPartDecoder(Framer<F> framer, StreamDecoder<F, T> container) {
    this.framer = framer;
    this.container = container;
  }

  @Override
  public void decode(Message message, Consumer<T> sink) {
    Map<String, HeaderValue> headers = message.getHeaders();
    String messageType = EventHeaders.string(headers, ":message-type");
    if ("exception".equals(messageType)) {
      throw SageMakerErrors.fromStreamException(EventHeaders.string(headers, ":exception-type"),
          message.getPayload());
    }
    if ("error".equals(messageType)) {
      throw SageMakerErrors.fromStreamError(EventHeaders.string(headers, ":error-code"),
          EventHeaders.string(headers, ":error-message"));
    }
    if ((messageType == null || "event".equals(messageType))
        && PAYLOAD_PART.equals(EventHeaders.string(headers, ":event-type"))) {
      framer.feed(Buffer.buffer(message.getPayload()), frame -> container.decode(frame, sink));
    }
  }

  @Override
  public void end(Consumer<T> sink) {
    framer.end(frame -> container.decode(frame, sink));
    container.end(sink);
  }
}
