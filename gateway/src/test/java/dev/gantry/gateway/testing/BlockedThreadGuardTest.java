package dev.gantry.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guard the gateway tests rely on does catch a blocked event loop. */
class BlockedThreadGuardTest {

  @Test
  void uninstall_afterSleepOnEventLoop_reportsTheBlockingFrame() throws Exception {
    BlockedThreadGuard guard = BlockedThreadGuard.install();
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(50).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(200).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    CountDownLatch done = new CountDownLatch(1);
    vertx.runOnContext(v -> {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    vertx.close().await(10, TimeUnit.SECONDS);
    List<String> warnings = guard.uninstall();
    assertThat(warnings).isNotEmpty();
    assertThat(warnings.get(0)).contains("Thread.sleep");
  }
}
