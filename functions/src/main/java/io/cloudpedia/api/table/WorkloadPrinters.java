package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** apps and batch: deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs. */
final class WorkloadPrinters {
  private WorkloadPrinters() {}

  private static final Column CONTAINERS = Column.wide("Containers", Docs.CONTAINERS);
  private static final Column IMAGES = Column.wide("Images", Docs.IMAGES);
  private static final Column SELECTOR = Column.wide("Selector", Docs.SELECTOR);

  static final Printer DEPLOYMENTS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Ready", "Number of the pod with ready state"),
              Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
              Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (d, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(d));
            cells.add(Obj.num(d, "status", "readyReplicas") + "/" + Obj.num(d, "spec", "replicas"));
            cells.add(Obj.num(d, "status", "updatedReplicas"));
            cells.add(Obj.num(d, "status", "availableReplicas"));
            cells.add(Obj.age(d, now));
            addTemplate(cells, Obj.at(d, "spec", "template"));
            cells.add(Selectors.format(Obj.at(d, "spec", "selector")));
            return cells;
          });

  static final Printer REPLICASETS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.integer("Desired", "Replicas is the number of desired pods."),
              Column.integer("Current", "Replicas is the most recently observed number of replicas."),
              Column.integer("Ready", "The number of ready replicas for this replica set."),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (rs, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(rs));
            cells.add(Obj.num(rs, "spec", "replicas"));
            cells.add(Obj.num(rs, "status", "replicas"));
            cells.add(Obj.num(rs, "status", "readyReplicas"));
            cells.add(Obj.age(rs, now));
            addTemplate(cells, Obj.at(rs, "spec", "template"));
            cells.add(Selectors.formatOrNone(Obj.at(rs, "spec", "selector")));
            return cells;
          });

  static final Printer STATEFULSETS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Ready", "Number of the pod with ready state"),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES),
          (s, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(s));
            cells.add(Obj.num(s, "status", "readyReplicas") + "/" + Obj.num(s, "spec", "replicas"));
            cells.add(Obj.age(s, now));
            addTemplate(cells, Obj.at(s, "spec", "template"));
            return cells;
          });

  static final Printer DAEMONSETS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.integer("Desired", "The total number of nodes that should be running the daemon pod."),
              Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
              Column.integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
              Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
              Column.integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
              Column.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (ds, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(ds));
            cells.add(Obj.num(ds, "status", "desiredNumberScheduled"));
            cells.add(Obj.num(ds, "status", "currentNumberScheduled"));
            cells.add(Obj.num(ds, "status", "numberReady"));
            cells.add(Obj.num(ds, "status", "updatedNumberScheduled"));
            cells.add(Obj.num(ds, "status", "numberAvailable"));
            cells.add(Obj.formatLabels(Obj.map(ds, "spec", "template", "spec", "nodeSelector")));
            cells.add(Obj.age(ds, now));
            addTemplate(cells, Obj.at(ds, "spec", "template"));
            cells.add(Selectors.formatOrNone(Obj.at(ds, "spec", "selector")));
            return cells;
          });

  static final Printer JOBS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Status", "Status of the job."),
              Column.string("Completions", "The desired number of successfully finished pods the job should be run with."),
              Column.string("Duration", "Time required to complete the job."),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (job, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(job));
            cells.add(jobStatus(job));
            long succeeded = Obj.num(job, "status", "succeeded");
            String completions;
            if (Obj.has(job, "spec", "completions")) {
              completions = succeeded + "/" + Obj.num(job, "spec", "completions");
            } else {
              long parallelism = Obj.num(job, "spec", "parallelism");
              completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
            }
            cells.add(completions);
            var start = Obj.time(job, "status", "startTime");
            var end = Obj.time(job, "status", "completionTime");
            String duration = "";
            if (start.isPresent()) {
              duration = HumanDuration.format(Duration.between(start.get(), end.orElse(now)));
            }
            cells.add(duration);
            cells.add(Obj.age(job, now));
            addTemplate(cells, Obj.at(job, "spec", "template"));
            cells.add(Selectors.formatOrNone(Obj.at(job, "spec", "selector")));
            return cells;
          });

  static final Printer CRONJOBS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
              Column.string("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
              new Column("Suspend", "boolean", "", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.", 0),
              Column.integer("Active", "A list of pointers to currently running jobs."),
              Column.string("Last Schedule", "Information when was the last time the job was successfully scheduled."),
              Column.ageColumn(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (cj, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(cj));
            cells.add(Obj.str(cj, "spec", "schedule"));
            cells.add(Obj.orNone(Obj.str(cj, "spec", "timeZone")));
            // kubectl prints the pointer: True/False, or <unset> when absent.
            cells.add(Obj.has(cj, "spec", "suspend") ? (Obj.bool(cj, "spec", "suspend") ? "True" : "False") : "<unset>");
            cells.add((long) Obj.list(cj, "status", "active").size());
            var last = Obj.time(cj, "status", "lastScheduleTime");
            cells.add(last.isPresent() ? HumanDuration.since(last, now) : "<none>");
            cells.add(Obj.age(cj, now));
            addTemplate(cells, Obj.at(cj, "spec", "jobTemplate", "spec", "template"));
            cells.add(Selectors.formatOrNone(Obj.at(cj, "spec", "jobTemplate", "spec", "selector")));
            return cells;
          });

  private static String jobStatus(JsonNode job) {
    if (hasCondition(job, "Complete")) {
      return "Complete";
    } else if (hasCondition(job, "Failed")) {
      return "Failed";
    } else if (Obj.has(job, "metadata", "deletionTimestamp")) {
      return "Terminating";
    } else if (hasCondition(job, "Suspended")) {
      return "Suspended";
    } else if (hasCondition(job, "FailureTarget")) {
      return "FailureTarget";
    } else if (hasCondition(job, "SuccessCriteriaMet")) {
      return "SuccessCriteriaMet";
    }
    return "Running";
  }

  private static boolean hasCondition(JsonNode job, String type) {
    // The first condition of that type decides, as in kubectl.
    for (JsonNode c : Obj.list(job, "status", "conditions")) {
      if (type.equals(Obj.str(c, "type"))) {
        return "True".equals(Obj.str(c, "status"));
      }
    }
    return false;
  }

  /** layoutContainerCells: container names and images, each joined with ",". */
  static void addTemplate(List<Object> cells, JsonNode podTemplate) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode c : Obj.list(podTemplate, "spec", "containers")) {
      names.add(Obj.str(c, "name"));
      images.add(Obj.str(c, "image"));
    }
    cells.add(String.join(",", names));
    cells.add(String.join(",", images));
  }
}
