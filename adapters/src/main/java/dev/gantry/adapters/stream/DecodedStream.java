package dev.gantry.adapters.stream;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * An upstream byte stream decoded into canonical items: bytes → {@link Framer} → frames →
 * {@link StreamDecoder} → items. Flow control is the source's: pausing this pauses the socket read
 * (items already cut from one network chunk are still delivered). A decoder failure ends the stream
 * through the exception handler and cancels the source.
 *
 * @param <F> frame type
 * @param <T> item type
 */
public final class DecodedStream<F, T> implements UpstreamStream<T> {

  private final ReadStream<Buffer> source;
  private final Runnable canceller;
  private final Framer<F> framer;
  private final StreamDecoder<F, T> decoder;
  private final Consumer<F> onFrame = this::onFrame;
  private final Consumer<T> onItem = this::onItem;
  private Handler<T> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private boolean done;

  /**
   * @param source the response body, not yet flowing (paused or not yet handled)
   * @param canceller aborts the upstream request (e.g. {@code HttpClientRequest::reset})
   */
  public DecodedStream(ReadStream<Buffer> source, Runnable canceller, Framer<F> framer,
      StreamDecoder<F, T> decoder) {
    this.source = source;
    this.canceller = canceller;
    this.framer = framer;
    this.decoder = decoder;
  }

  @Override
  public DecodedStream<F, T> handler(Handler<T> value) {
    this.handler = value;
    if (value == null) {
      source.handler(null);
    } else {
      source.exceptionHandler(this::fail);
      source.endHandler(v -> onEnd());
      source.handler(this::onChunk);
    }
    return this;
  }

  @Override
  public DecodedStream<F, T> exceptionHandler(Handler<Throwable> value) {
    this.exceptionHandler = value;
    return this;
  }

  @Override
  public DecodedStream<F, T> endHandler(Handler<Void> value) {
    this.endHandler = value;
    return this;
  }

  @Override
  public DecodedStream<F, T> pause() {
    source.pause();
    return this;
  }

  @Override
  public DecodedStream<F, T> resume() {
    source.resume();
    return this;
  }

  @Override
  public DecodedStream<F, T> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public void cancel() {
    if (!done) {
      done = true;
      canceller.run();
    }
  }

  private void onChunk(Buffer chunk) {
    if (done) {
      return;
    }
    try {
      framer.feed(chunk, onFrame);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void onFrame(F frame) {
    if (!done) {
      decoder.decode(frame, onItem);
    }
  }

  private void onItem(T item) {
    if (!done && handler != null) {
      handler.handle(item);
    }
  }

  private void onEnd() {
    if (done) {
      return;
    }
    try {
      framer.end(onFrame);
      decoder.end(onItem);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    done = true;
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void fail(Throwable t) {
    if (done) {
      return;
    }
    done = true;
    canceller.run();
    if (exceptionHandler != null) {
      exceptionHandler.handle(t instanceof GatewayException ? t : UpstreamErrors.network(t));
    }
  }
}
