package io.cloudpedia.registry.credentials;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged, at every level and by every logger (the AWS SDK's included), while it is open: each event's
 * logger, level, formatted message and stack trace. The console appender is detached meanwhile, so that the SDK's debug
 * output does not flood the test's.
 */
public final class CapturedLogs implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final Configuration config;
  private final Appender appender;
  private final Map<LoggerConfig, Level> levels = new HashMap<>();
  private final Map<String, Appender> detached = new HashMap<>();

  private CapturedLogs() {
    context = (LoggerContext) LogManager.getContext(false);
    config = context.getConfiguration();
    appender =
        new AbstractAppender("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line = new StringBuilder()
                .append(event.getLoggerName()).append(' ').append(event.getLevel()).append(' ')
                .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            lines.add(line.toString());
          }
        };
    appender.start();
    LoggerConfig root = config.getRootLogger();
    detached.putAll(root.getAppenders());
    detached.keySet().forEach(root::removeAppender);
    root.addAppender(appender, Level.ALL, null);
    levels.put(root, root.getLevel());
    root.setLevel(Level.ALL);
    for (LoggerConfig logger : config.getLoggers().values()) {
      if (logger != root) {
        levels.put(logger, logger.getLevel());
        logger.setLevel(Level.ALL);
      }
    }
    context.updateLoggers();
  }

  public static CapturedLogs start() {
    return new CapturedLogs();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(appender.getName());
    detached.values().forEach(a -> root.addAppender(a, null, null));
    levels.forEach(LoggerConfig::setLevel);
    context.updateLoggers();
    appender.stop();
  }
}
