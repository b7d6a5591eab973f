package dev.gantry.gateway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects Vert.x blocked-thread warnings ("Thread ... has been blocked for ...") so a test run
 * fails when anything blocks an event loop. Warnings whose stack shows the loop idle in its
 * selector are CPU starvation of the checker, not blocking, and are ignored; so are those caught
 * inside Vert.x's own shutdown ({@code Vertx.close}), which runs after the code under test, and
 * those caught loading a class (a first request loading Jackson's or Netty's classes on a
 * loaded machine: a one-time cost of the JVM, not a blocking call of ours).
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
    if (message != null && message.contains("has been blocked for")
        && !idle(event.getThrowableProxy()) && !shuttingDown(event.getThrowableProxy())
        && !loadingClasses(event.getThrowableProxy())) {
      warnings.add(message + stack(event.getThrowableProxy()));
    }
  }

  /**
   * True when the captured stack shows the loop waiting in its selector: the thread was idle and
   * the checker itself ran late (a starved CPU), which is not a blocking call.
   */
  private static boolean idle(IThrowableProxy proxy) {
    if (proxy == null || proxy.getStackTraceElementProxyArray().length == 0) {
      return false;
    }
    StackTraceElement top = proxy.getStackTraceElementProxyArray()[0].getStackTraceElement();
    return top.getClassName().startsWith("sun.nio.ch.") && top.getMethodName().contains("wait");
  }

  /** True when the loop was running Vert.x's own shutdown (clearing its shared resources). */
  private static boolean shuttingDown(IThrowableProxy proxy) {
    if (proxy == null) {
      return false;
    }
    for (StackTraceElementProxy frame : proxy.getStackTraceElementProxyArray()) {
      StackTraceElement e = frame.getStackTraceElement();
      if (e.getClassName().equals("io.vertx.core.impl.VertxImpl")
          && e.getMethodName().contains("deleteCacheDirAndShutdown")) {
        return true;
      }
    }
    return false;
  }

  /** True when the loop was caught loading or linking a class. */
  private static boolean loadingClasses(IThrowableProxy proxy) {
    if (proxy == null) {
      return false;
    }
    for (StackTraceElementProxy frame : proxy.getStackTraceElementProxyArray()) {
      StackTraceElement e = frame.getStackTraceElement();
      String method = e.getMethodName();
      if ((e.getClassName().equals("java.lang.ClassLoader")
              || e.getClassName().startsWith("jdk.internal.loader."))
          && (method.startsWith("loadClass") || method.startsWith("defineClass")
              || method.startsWith("findClass"))) {
        return true;
      }
    }
    return false;
  }

  private static String stack(IThrowableProxy proxy) {
    if (proxy == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    StackTraceElementProxy[] frames = proxy.getStackTraceElementProxyArray();
    for (int i = 0; i < Math.min(12, frames.length); i++) {
      sb.append("\n  at ").append(frames[i].getStackTraceElement());
    }
    return sb.toString();
  }

  /** Detaches and returns what was seen. */
  public List<String> uninstall() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    stop();
    return List.copyOf(warnings);
  }
}
