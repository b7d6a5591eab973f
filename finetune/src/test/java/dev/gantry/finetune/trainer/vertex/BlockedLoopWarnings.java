package dev.gantry.finetune.trainer.vertex;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects Vert.x's "Thread ... has been blocked for" warnings while installed. Warnings whose
 * stack shows the loop idle in its selector (the checker starved of CPU) are not blocking and are
 * left out.
 */
final class BlockedLoopWarnings extends AppenderBase<ILoggingEvent> {

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  static BlockedLoopWarnings install() {
    BlockedLoopWarnings guard = new BlockedLoopWarnings();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    guard.setContext(root.getLoggerContext());
    guard.start();
    root.addAppender(guard);
    return guard;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("has been blocked for")
        && !idle(event.getThrowableProxy())) {
      warnings.add(message + stack(event.getThrowableProxy()));
    }
  }

  private static boolean idle(IThrowableProxy proxy) {
    if (proxy == null || proxy.getStackTraceElementProxyArray().length == 0) {
      return false;
    }
    StackTraceElement top = proxy.getStackTraceElementProxyArray()[0].getStackTraceElement();
    return top.getClassName().startsWith("sun.nio.ch.") && top.getMethodName().contains("wait");
  }

  private static String stack(IThrowableProxy proxy) {
    StringBuilder frames = new StringBuilder();
    if (proxy != null) {
      StackTraceElementProxy[] all = proxy.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(15, all.length); i++) {
        frames.append("\n  at ").append(all[i].getStackTraceElement());
      }
    }
    return frames.toString();
  }

  /** Detaches and returns what was seen. */
  List<String> uninstall() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
    stop();
    return List.copyOf(warnings);
  }
}
