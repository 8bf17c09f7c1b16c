package io.cloudpedia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Lambda's log4j2.xml really produces Powertools' JSON lines: the configuration loads, its layout resolves the
 * Powertools template (a missing plugin or template would leave Log4j's default pattern, or fail), and MDC keys such as
 * the message id become fields.
 */
class LambdaJsonLoggingTest {

  @Test
  void log4j2XmlWritesPowertoolsJsonWithMdcFields() throws IOException {
    LoggerContext context = new LoggerContext("log4j2-xml-test");
    ConfigurationSource source = ConfigurationSource.fromResource("log4j2.xml", getClass().getClassLoader());
    assertThat(source).as("log4j2.xml on the classpath").isNotNull();
    Configuration config = new XmlConfiguration(context, source);
    config.initialize();
    config.start();
    try {
      Appender appender = config.getAppender("JsonAppender");
      assertThat(appender).isNotNull();
      assertThat(appender.getLayout()).isInstanceOf(JsonTemplateLayout.class);
      assertThat(config.getRootLogger().getLevel()).isEqualTo(Level.INFO);

      SortedArrayStringMap mdc = new SortedArrayStringMap();
      mdc.putValue("messageId", "m-1");
      mdc.putValue("cluster", "cluster-1");
      LogEvent event =
          Log4jLogEvent.newBuilder()
              .setLoggerName(IngestFunction.class.getName())
              .setLevel(Level.WARN)
              .setMessage(new ParameterizedMessage("malformed message {}: {}", "m-1", "no deltas"))
              .setContextData(mdc)
              .setTimeMillis(1_795_640_400_123L)
              .build();
      String line = ((JsonTemplateLayout) appender.getLayout()).toSerializable(event);

      JsonNode json = Json.mapper().readTree(line);
      assertThat(json.get("level").asText()).isEqualTo("WARN");
      assertThat(json.get("message").asText()).isEqualTo("malformed message m-1: no deltas");
      assertThat(json.get("messageId").asText()).isEqualTo("m-1");
      assertThat(json.get("cluster").asText()).isEqualTo("cluster-1");
      assertThat(json.get("timestamp").asText()).startsWith("2026-11-25T");
      assertThat(json.has("function_request_id")).as("a Powertools field").isTrue();
    } finally {
      config.stop();
    }
  }

  @Test
  void slf4jReachesLog4jRatherThanANoOpLogger() {
    // With slf4j-api 1.7 on the classpath, Log4j's SLF4J 2 binding is silently ignored (toolchain.md, trap 1).
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith("org.apache.logging.slf4j");
  }
}
