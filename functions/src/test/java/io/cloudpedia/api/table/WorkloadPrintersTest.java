package io.cloudpedia.api.table;

import static io.cloudpedia.api.table.Fixtures.cells;
import static io.cloudpedia.api.table.Fixtures.columns;
import static io.cloudpedia.api.table.Fixtures.json;
import static io.cloudpedia.api.table.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WorkloadPrintersTest {
  private static final ResourceType DEPLOYMENTS = ResourceType.of("apps", "v1", "deployments", "Deployment");
  private static final ResourceType REPLICASETS = ResourceType.of("apps", "v1", "replicasets", "ReplicaSet");
  private static final ResourceType STATEFULSETS = ResourceType.of("apps", "v1", "statefulsets", "StatefulSet");
  private static final ResourceType DAEMONSETS = ResourceType.of("apps", "v1", "daemonsets", "DaemonSet");
  private static final ResourceType JOBS = ResourceType.of("batch", "v1", "jobs", "Job");
  private static final ResourceType CRONJOBS = ResourceType.of("batch", "v1", "cronjobs", "CronJob");

  @Test
  void deploymentShowsReadyOverDesiredUpToDateAndAvailable() {
    JsonNode t = table(DEPLOYMENTS, "deployment.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Ready string 0", "Up-to-date string 0", "Available string 0",
            "Age string 0", "Containers string 1", "Images string 1", "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "web", "2/3", 3, 2, "10d", "app,metrics", "nginx:1.25,prom/exporter:v1", "app=web,tier=frontend"));
  }

  @Test
  void replicaSetShowsDesiredCurrentReady() {
    JsonNode t = table(REPLICASETS, "replicaset.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Desired integer 0", "Current integer 0", "Ready integer 0",
            "Age string 0", "Containers string 1", "Images string 1", "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "web-7d4b9c6f5", 3, 3, 2, "10d", "app", "nginx:1.25", "app=web,pod-template-hash=7d4b9c6f5"));
  }

  @Test
  void replicaSetWithoutSelectorPrintsNoneWhereDeploymentPrintsEmpty() {
    ObjectNode rs = (ObjectNode) Fixtures.load("replicaset.json");
    rs.with("spec").remove("selector");
    assertThat(WorkloadPrinters.REPLICASETS.cells(rs, Fixtures.NOW).get(7)).isEqualTo("<none>");
    ObjectNode d = (ObjectNode) Fixtures.load("deployment.json");
    d.with("spec").remove("selector");
    assertThat(WorkloadPrinters.DEPLOYMENTS.cells(d, Fixtures.NOW).get(7)).isEqualTo("");
  }

  @Test
  void statefulSetShowsReadyOverDesired() {
    JsonNode t = table(STATEFULSETS, "statefulset.json");
    assertThat(columns(t))
        .containsExactly("Cluster string 0", "Name string 0", "Ready string 0", "Age string 0", "Containers string 1", "Images string 1");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "db", "1/3", "458d", "postgres", "postgres:16"));
  }

  @Test
  void daemonSetShowsCountsNodeSelectorAndSelectorWithExpressions() {
    JsonNode t = table(DAEMONSETS, "daemonset.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Desired integer 0", "Current integer 0", "Ready integer 0",
            "Up-to-date integer 0", "Available integer 0", "Node Selector string 0", "Age string 0",
            "Containers string 1", "Images string 1", "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "node-exporter", 5, 5, 4, 5, 4, "kubernetes.io/os=linux", "3m", "exporter",
            "prom/node-exporter:v1.8", "app=node-exporter,tier in (infra,system)"));
  }

  @Test
  void completedJobShowsCompleteCompletionsAndDuration() {
    JsonNode t = table(JOBS, "job-completed.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Status string 0", "Completions string 0", "Duration string 0",
            "Age string 0", "Containers string 1", "Images string 1", "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "pi", "Complete", "1/1", "25s", "120m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=5e1c"));
  }

  @Test
  void runningParallelJobWithoutCompletionsCountsOneOfParallelismAndTimesSinceStart() {
    ObjectNode job = (ObjectNode) Fixtures.load("job-completed.json");
    job.with("spec").remove("completions");
    job.with("spec").put("parallelism", 3);
    job.with("status").remove("completionTime");
    job.with("status").remove("conditions");
    job.with("status").put("succeeded", 0);
    assertThat(WorkloadPrinters.JOBS.cells(job, Fixtures.NOW).subList(0, 4)).containsExactly("pi", "Running", "0/1 of 3", "120m");
    job.with("status").putArray("conditions").addObject().put("type", "Failed").put("status", "True");
    assertThat(WorkloadPrinters.JOBS.cells(job, Fixtures.NOW).get(1)).isEqualTo("Failed");
    // The first condition of a type decides, as in kubectl.
    ((ObjectNode) job.at("/status/conditions/0")).put("status", "False");
    job.withArray("/status/conditions").addObject().put("type", "Failed").put("status", "True");
    assertThat(WorkloadPrinters.JOBS.cells(job, Fixtures.NOW).get(1)).isEqualTo("Running");
  }

  @Test
  void cronJobShowsScheduleTimezoneSuspendActiveAndLastSchedule() {
    JsonNode t = table(CRONJOBS, "cronjob.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Schedule string 0", "Timezone string 0", "Suspend boolean 0",
            "Active integer 0", "Last Schedule string 0", "Age string 0", "Containers string 1", "Images string 1",
            "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "nightly-backup", "0 2 * * *", "<none>", "False", 1, "10h", "61d", "backup", "acme/backup:3", "<none>"));
  }
}
