package io.cloudpedia.ingest;

import io.cloudpedia.store.dynamodb.DynamoTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml is a valid SAM template (cfn-lint, which also runs the SAM transform) and keeps the settings the
 * ingest path depends on. SAM's short-form tags ({@code !Ref}, {@code !GetAtt}, ...) are read by Jackson as the plain
 * values they tag: {@code !Ref X} reads as {@code "X"}.
 */
class TemplateTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path TEMPLATE = ROOT.resolve("template.yaml");
  static final long CFN_LINT_TIMEOUT_SECONDS = 120;

  static JsonNode template;

  @BeforeAll
  static void read() throws IOException {
    template = new YAMLMapper().readTree(TEMPLATE.toFile());
  }

  static JsonNode resource(String name) {
    JsonNode resource = template.path("Resources").path(name);
    assertThat(resource.isMissingNode()).as("resource %s", name).isFalse();
    return resource;
  }

  @Test
  void cfnLintAcceptsTheTemplate() throws IOException, InterruptedException {
    File output = File.createTempFile("cfn-lint", ".txt");
    output.deleteOnExit();
    Process process;
    try {
      process =
          new ProcessBuilder("cfn-lint", "template.yaml")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output)
              .start();
    } catch (IOException e) {
      fail("cfn-lint is not on PATH (" + e.getMessage() + "): pip install cfn-lint");
      return;
    }
    if (!process.waitFor(CFN_LINT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("cfn-lint did not finish within " + CFN_LINT_TIMEOUT_SECONDS + " s");
    }
    String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("cfn-lint template.yaml exit code; its output:%n%s", text).isZero();
  }

  @Test
  void isASamTemplate() {
    assertThat(template.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
  }

  @Test
  void deltaQueueTakesOneMebibyteMessagesAndDeadLettersAfterMaxReceiveCount() {
    JsonNode queue = resource("DeltaQueue").path("Properties");
    assertThat(queue.path("MaximumMessageSize").asInt()).isEqualTo(1_048_576);
    assertThat(queue.path("MessageRetentionPeriod").asInt()).isEqualTo(4 * 24 * 3600);
    assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    JsonNode redrive = queue.path("RedrivePolicy");
    assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo("DeltaDeadLetterQueue.Arn");
    assertThat(redrive.path("maxReceiveCount").asText()).isEqualTo("MaxReceiveCount");
    assertThat(template.at("/Parameters/MaxReceiveCount/Default").asInt()).isEqualTo(5);
    JsonNode dlq = resource("DeltaDeadLetterQueue").path("Properties");
    assertThat(dlq.path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
  }

  @Test
  void visibilityTimeoutIsSixTimesTheFunctionTimeoutForEveryAllowedTimeout() {
    List<String> lookup = new ArrayList<>();
    resource("DeltaQueue").at("/Properties/VisibilityTimeout").forEach(n -> lookup.add(n.asText()));
    assertThat(lookup).containsExactly("IngestVisibilityTimeout", "IngestTimeout", "Seconds");
    assertThat(resource("IngestFunction").at("/Properties/Timeout").asText()).isEqualTo("IngestTimeout");
    JsonNode allowed = template.at("/Parameters/IngestTimeout/AllowedValues");
    assertThat(allowed.size()).isPositive();
    for (JsonNode timeout : allowed) {
      int seconds = template.at("/Mappings/IngestVisibilityTimeout/" + timeout.asText() + "/Seconds").asInt(-1);
      assertThat(seconds).as("visibility for a %s s timeout", timeout.asText()).isEqualTo(6 * timeout.asInt());
    }
    assertThat(template.at("/Parameters/IngestTimeout/Default").asInt()).isEqualTo(60);
  }

  @Test
  void ingestFunctionIsAnArmJava21SqsConsumerWithPartialBatchResponses() {
    JsonNode function = resource("IngestFunction").path("Properties");
    assertThat(function.path("Runtime").asText()).isEqualTo("java21");
    assertThat(function.path("Architectures").get(0).asText()).isEqualTo("arm64");
    assertThat(function.path("Handler").asText()).isEqualTo(IngestFunction.class.getName() + "::handleRequest");
    assertThat(function.path("CodeUri").asText()).isEqualTo("functions/target/cloudpedia-functions.jar");
    JsonNode event = function.at("/Events/Deltas/Properties");
    assertThat(event.path("Queue").asText()).isEqualTo("DeltaQueue.Arn");
    assertThat(event.path("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");
    assertThat(event.at("/ScalingConfig/MaximumConcurrency").asText()).isEqualTo("IngestMaximumConcurrency");
    assertThat(event.path("BatchSize").asText()).isEqualTo("BatchSize");
    assertThat(event.path("MaximumBatchingWindowInSeconds").asText()).isEqualTo("MaximumBatchingWindowInSeconds");
    JsonNode variables = function.at("/Environment/Variables");
    assertThat(variables.path(DynamoTables.RESOURCES_TABLE_VARIABLE).asText()).isEqualTo("ResourcesTable");
    assertThat(variables.path(DynamoTables.SYNC_STATE_TABLE_VARIABLE).asText()).isEqualTo("SyncStateTable");
    assertThat(variables.path(IngestConfig.TOMBSTONE_TTL_SECONDS).asText()).isEqualTo("TombstoneTtlSeconds");
    assertThat(variables.path(IngestConfig.EVENTS_MAX_AGE_SECONDS).asText()).isEqualTo("EventsMaxAgeSeconds");
    assertThat(variables.path(IngestConfig.EVENTS_MAX_PER_OBJECT).asText()).isEqualTo("EventsMaxPerObject");
    assertThat(template.at("/Parameters/EventsMaxAgeSeconds/Default").asInt(-1)).as("keep until deleted").isZero();
    assertThat(template.at("/Parameters/EventsMaxPerObject/Default").asInt(-1)).as("no cap").isZero();
    assertThat(variables.has("POWERTOOLS_SERVICE_NAME")).isTrue();
    assertThat(variables.has("POWERTOOLS_METRICS_NAMESPACE")).isTrue();
  }

  @Test
  void tablesFollowTheStorageDesign() {
    for (String name : List.of("ResourcesTable", "SyncStateTable")) {
      JsonNode table = resource(name).path("Properties");
      assertThat(table.path("BillingMode").asText()).as(name).isEqualTo("PAY_PER_REQUEST");
      assertThat(table.at("/KeySchema/0/AttributeName").asText()).isEqualTo("pk");
      assertThat(table.at("/KeySchema/1/AttributeName").asText()).isEqualTo("sk");
      assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("expiresAt");
      assertThat(table.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
      assertThat(table.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
    }
    JsonNode byOwner = resource("ResourcesTable").at("/Properties/GlobalSecondaryIndexes/0");
    assertThat(byOwner.path("IndexName").asText()).isEqualTo("byOwner");
    assertThat(byOwner.at("/KeySchema/0/AttributeName").asText()).isEqualTo("owner");
    assertThat(byOwner.at("/KeySchema/1/AttributeName").asText()).isEqualTo("sk");
    assertThat(byOwner.at("/Projection/ProjectionType").asText()).isEqualTo("KEYS_ONLY");
  }

  @Test
  void apiFunctionReadsOnlyAndSitsBehindAnAuthenticatedHttpApi() {
    JsonNode api = resource("ApiFunction").path("Properties");
    assertThat(api.path("Handler").asText()).isEqualTo("io.cloudpedia.api.ApiFunction::handleRequest");
    assertThat(api.path("Runtime").asText()).isEqualTo("java21");
    assertThat(api.path("Architectures").toString()).contains("arm64");
    JsonNode env = api.path("Environment").path("Variables");
    assertThat(env.path("CONTINUE_TOKEN_KEY_SECRET").asText()).isEqualTo("ContinueTokenKey");
    // Writers and readers of the table must index the same label keys.
    assertThat(env.path("INDEXED_LABELS").asText()).isEqualTo("IndexedLabels");
    assertThat(resource("IngestFunction").path("Properties").path("Environment").path("Variables")
        .path("INDEXED_LABELS").asText()).isEqualTo("IndexedLabels");
    String policies = api.path("Policies").toString();
    assertThat(policies).contains("AWSSecretsManagerGetSecretValuePolicy")
        // Member-cluster credentials: only secrets under the configured prefix.
        .contains("secretsmanager:GetSecretValue").contains("secret:${ClusterSecretsPrefix}*");
    assertThat(env.path("CLUSTER_SECRETS_PREFIX").asText()).isEqualTo("ClusterSecretsPrefix");
    // Forwarding settings are deployment parameters, all off by default.
    for (String[] setting : new String[][] {{"ALLOWED_PROXY_SUBRESOURCES", "AllowedProxySubresources", ""},
        {"ENABLE_PROXY_PATH", "EnableProxyPath", "false"}, {"ALLOW_FORWARD_UNSYNCED", "AllowForwardUnsynced", "false"},
        {"ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "AllowPediaClusterCredentialsForProxy", "false"}}) {
      assertThat(env.path(setting[0]).asText()).isEqualTo(setting[1]);
      assertThat(template.path("Parameters").path(setting[1]).path("Default").asText()).isEqualTo(setting[2]);
    }
    JsonNode httpApi = resource("CloudpediaApi").path("Properties");
    assertThat(httpApi.path("Auth").path("DefaultAuthorizer").asText()).isNotEmpty();
    assertThat(api.path("Events").path("Everything").path("Type").asText()).isEqualTo("HttpApi");
    assertThat(template.path("Outputs").path("ApiUrl").isMissingNode()).isFalse();
  }

  static final List<String> FUNCTIONS = List.of("IngestFunction", "ApiFunction", "AuthorizerFunction");

  @Test
  void everyFunctionIsArmJava21WithSnapStartOnAnAliasAndActiveTracing() {
    for (String name : FUNCTIONS) {
      JsonNode function = resource(name).path("Properties");
      assertThat(function.path("Runtime").asText()).as(name).isEqualTo("java21");
      assertThat(function.path("Architectures").toString()).as(name).isEqualTo("[\"arm64\"]");
      assertThat(function.at("/SnapStart/ApplyOn").asText()).as(name).isEqualTo("PublishedVersions");
      assertThat(function.path("AutoPublishAlias").asText()).as("%s: SnapStart applies to versions only", name)
          .isEqualTo("live");
      assertThat(function.path("Tracing").asText()).as(name).isEqualTo("Active");
      JsonNode variables = function.at("/Environment/Variables");
      assertThat(variables.path("POWERTOOLS_METRICS_NAMESPACE").asText()).as(name).isEqualTo("Cloudpedia");
      assertThat(variables.path("POWERTOOLS_SERVICE_NAME").asText()).as(name).startsWith("cloudpedia-");
    }
    // The authorizer must be invoked through the alias, or SnapStart never applies to it.
    assertThat(resource("CloudpediaApi").at("/Properties/Auth/Authorizers/CloudpediaAuthorizer/FunctionArn").asText())
        .isEqualTo("AuthorizerFunction.Alias");
  }

  @Test
  void functionsMayCallOnlyTheDynamoDbOperationsTheStoresUse() {
    for (String name : List.of("IngestFunction", "ApiFunction")) {
      String policies = resource(name).at("/Properties/Policies").toString();
      assertThat(policies).as(name).doesNotContain("DynamoDBCrudPolicy").doesNotContain("dynamodb:Scan")
          .doesNotContain("dynamodb:*").contains("dynamodb:PutItem", "dynamodb:Query", "${ResourcesTable.Arn}/index/*");
    }
  }

  @Test
  void alarmsCoverTheQueuesTheIngestLagEveryFunctionAndTheApiAndNotifyTheTopicWhenGiven() {
    JsonNode resources = template.path("Resources");
    List<String> alarms = new ArrayList<>();
    resources.fields().forEachRemaining(e -> {
      if (e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
        alarms.add(e.getKey());
        JsonNode properties = e.getValue().path("Properties");
        assertThat(properties.path("AlarmActions").toString()).as(e.getKey())
            .contains("AlarmTopicGiven").contains("AlarmTopicArn");
        assertThat(properties.path("TreatMissingData").asText()).as(e.getKey()).isEqualTo("notBreaching");
        assertThat(properties.path("AlarmDescription").asText()).as(e.getKey()).contains("docs/operations.md");
      }
    });
    assertThat(alarms).contains("DeadLetterQueueNotEmptyAlarm", "DeltaQueueAgeAlarm", "IngestLagAlarm",
        "Api5xxRateAlarm", "ApiLatencyAlarm");
    for (String function : FUNCTIONS) {
      assertThat(alarms).contains(function + "ErrorsAlarm", function + "ThrottlesAlarm");
      assertThat(resource(function + "ErrorsAlarm").at("/Properties/Dimensions/0/Value").asText()).isEqualTo(function);
    }
    assertThat(resource("DeadLetterQueueNotEmptyAlarm").at("/Properties/Dimensions/0/Value").asText())
        .isEqualTo("DeltaDeadLetterQueue.QueueName");
    JsonNode lag = resource("IngestLagAlarm").path("Properties");
    assertThat(lag.path("Namespace").asText())
        .isEqualTo(resource("IngestFunction").at("/Properties/Environment/Variables/POWERTOOLS_METRICS_NAMESPACE").asText());
    assertThat(lag.path("MetricName").asText()).isEqualTo(IngestMetrics.INGEST_LAG_SECONDS);
    assertThat(lag.at("/Dimensions/0/Value").asText())
        .isEqualTo(resource("IngestFunction").at("/Properties/Environment/Variables/POWERTOOLS_SERVICE_NAME").asText());
    assertThat(lag.path("ExtendedStatistic").asText()).isEqualTo("p99");
    assertThat(resource("Api5xxRateAlarm").at("/Properties/Metrics/0/MetricStat/Metric/Dimensions/0/Name").asText())
        .isEqualTo("ApiId");
    assertThat(template.at("/Parameters/AlarmTopicArn/Default").asText()).isEmpty();
  }

  @Test
  void theDashboardIsValidJsonWithPerClusterSearchesAndIsAnOutput() throws IOException {
    String body = resource("Dashboard").at("/Properties/DashboardBody").asText();
    // As CloudFormation's !Sub will have it: every ${...} a value (the one number parameter a number).
    String substituted = body.replace("${IngestLagAlarmSeconds}", "300").replaceAll("\\$\\{[^}]+\\}", "x");
    JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(substituted);
    assertThat(dashboard.path("widgets").size()).isGreaterThanOrEqualTo(10);
    assertThat(body).contains("SEARCH('{Cloudpedia,Cluster,Service} MetricName=\\\"IngestLagSeconds\\\"")
        .contains("{Cloudpedia,Route,Service}").contains("{Cloudpedia,Reason,Service}");
    assertThat(template.at("/Outputs/DashboardName/Value").asText()).isEqualTo("Dashboard");
  }

  @Test
  void agentPolicyAllowsOnlySendingToTheDeltaQueue() {
    JsonNode statements = resource("AgentSendPolicy").at("/Properties/PolicyDocument/Statement");
    assertThat(statements.size()).isEqualTo(1);
    assertThat(statements.at("/0/Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statements.at("/0/Resource").asText()).isEqualTo("DeltaQueue.Arn");
    assertThat(template.at("/Outputs/AgentSendPolicyArn/Value").asText()).isEqualTo("AgentSendPolicy");
    for (String output : List.of("QueueUrl", "DeadLetterQueueUrl", "ResourcesTableName", "SyncStateTableName")) {
      assertThat(template.path("Outputs").has(output)).as("output %s", output).isTrue();
    }
  }
}
