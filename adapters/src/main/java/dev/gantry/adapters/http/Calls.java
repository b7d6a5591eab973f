package dev.gantry.adapters.http;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** The two pure steps around a provider call, turned into futures so adapters never throw. */
public final class Calls {

  private Calls() {}

  /** Runs a translation: a {@link GatewayException} stays as it is, anything else is INTERNAL. */
  public static <T> Future<T> translate(Supplier<T> step) {
    try {
      return Future.succeededFuture(step.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.from(e));
    }
  }

  /** Reads an answer: one the translator cannot make sense of is a malformed upstream answer. */
  public static <T> Future<T> read(Supplier<T> reader) {
    try {
      return Future.succeededFuture(reader.get());
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(UpstreamErrors.malformed(e));
    }
  }
}
