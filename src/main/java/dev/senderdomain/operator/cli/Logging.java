package dev.senderdomain.operator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Log set-up for {@code run}: one JSON object per line (for log pipelines) or plain text, on
 * stdout. JOSDK puts the resource's namespace and name in the MDC while it reconciles, so every
 * line about a SenderDomain carries them.
 */
final class Logging {
  private Logging() {}

  static void configure(String format) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(format)) {
      JsonEncoder json = new JsonEncoder();
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(
          "%d{ISO8601} %-5level [%X{resource.namespace}/%X{resource.name}] %logger{30} - %msg%n");
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stdout");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    quietReconcileFailures(context);
  }

  /**
   * JOSDK logs every failed reconcile with its stack trace, once per retry; the reconciler logs
   * each one itself in one line (a stack trace only for what is not a provider failure).
   */
  static void quietReconcileFailures(LoggerContext context) {
    context
        .getLogger("io.javaoperatorsdk.operator.processing.event.EventProcessor")
        .setLevel(Level.OFF);
  }
}
