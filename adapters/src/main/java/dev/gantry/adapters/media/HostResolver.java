package dev.gantry.adapters.media;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a host name to its addresses, without blocking the caller. An IP literal resolves to
 * itself.
 */
@FunctionalInterface
public interface HostResolver {

  /** Every address the name resolves to; fails with {@link java.net.UnknownHostException}. */
  Future<List<InetAddress>> resolve(String host);

  /**
   * The operating system's resolver ({@code /etc/hosts}, search domains, the JVM's DNS cache),
   * whose blocking lookups run on {@code executor}, unordered.
   */
  static HostResolver system(WorkerExecutor executor) {
    return host -> executor.executeBlocking(() -> List.copyOf(Arrays.asList(
        InetAddress.getAllByName(host))), false);
  }
}
