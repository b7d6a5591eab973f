package dev.gantry.sdk.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A streamed answer's body that gives up when no byte arrives for {@code idle}: it is closed from
 * a timer and the blocked read fails with an {@link HttpTimeoutException}, so a stalled server
 * cannot hold a reader for ever. The JDK's request timeout ends at the answer's headers; this one
 * covers the body.
 */
public final class IdleTimeoutStream extends FilterInputStream {
  private final long idleNanos;
  private final Duration idle;
  private final Executor executor;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean timedOut;
  private volatile boolean closed;

  /** Watches {@code in}; checks run on {@code executor}. */
  public IdleTimeoutStream(InputStream in, Duration idle, Executor executor) {
    super(in);
    this.idle = idle;
    this.idleNanos = idle.toNanos();
    this.executor = executor;
    arm(idleNanos);
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = super.read();
    } catch (IOException e) {
      throw timedOut ? timeout(e) : e;
    }
    arrived();
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = super.read(buffer, offset, length);
    } catch (IOException e) {
      throw timedOut ? timeout(e) : e;
    }
    arrived();
    return n;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  /** After a read: a read that returned only because the timer closed the body times out. */
  private void arrived() throws HttpTimeoutException {
    if (timedOut) {
      throw timeout(null);
    }
    lastActivity = System.nanoTime();
  }

  private HttpTimeoutException timeout(IOException cause) {
    HttpTimeoutException e = new HttpTimeoutException("no data for " + idle.toMillis() + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private void arm(long delayNanos) {
    CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, executor)
        .execute(this::check);
  }

  private void check() {
    if (closed) {
      return;
    }
    long quiet = System.nanoTime() - lastActivity;
    if (quiet < idleNanos) {
      arm(idleNanos - quiet);
      return;
    }
    timedOut = true;
    try {
      super.close();
    } catch (IOException ignored) {
      // the reader sees the timeout either way
    }
  }
}
