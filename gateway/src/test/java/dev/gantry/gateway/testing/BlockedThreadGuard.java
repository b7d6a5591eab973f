package dev.gantry.gateway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects Vert.x blocked-thread warnings ("Thread ... has been blocked for ...") so a test run
 * fails when anything blocks an event loop.
 */
public final class BlockedThreadGuard extends AppenderBase<ILoggingEvent> {

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  public static BlockedThreadGuard install() {
    BlockedThreadGuard guard = new BlockedThreadGuard();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    guard.setContext(root.getLoggerContext());
    guard.start();
    root.addAppender(guard);
    return guard;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("has been blocked for")) {
      warnings.add(event.getThreadName() + ": " + message);
    }
  }

  /** Detaches and returns what was seen. */
  public List<String> uninstall() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    stop();
    return List.copyOf(warnings);
  }
}
