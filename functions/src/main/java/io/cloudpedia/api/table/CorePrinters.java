package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** core/v1 and networking printers other than pods. */
final class CorePrinters {
  private CorePrinters() {}

  static final Printer SERVICES =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Type", "type determines how the Service is exposed."),
              Column.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
              Column.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
              Column.string("Port(s)", "The list of ports that are exposed by this service."),
              Column.ageColumn(),
              Column.wide("Selector", "Route service traffic to pods with label keys and values matching this selector.")),
          (svc, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(svc));
            cells.add(Obj.str(svc, "spec", "type"));
            List<JsonNode> clusterIps = Obj.list(svc, "spec", "clusterIPs");
            String clusterIp = clusterIps.isEmpty() ? Obj.str(svc, "spec", "clusterIP") : clusterIps.get(0).asText();
            cells.add(Obj.orNone(clusterIp));
            cells.add(serviceExternalIp(svc));
            cells.add(servicePorts(svc));
            cells.add(Obj.age(svc, now));
            cells.add(Obj.formatLabels(Obj.map(svc, "spec", "selector")));
            return cells;
          });

  private static String serviceExternalIp(JsonNode svc) {
    List<String> externalIps = texts(Obj.list(svc, "spec", "externalIPs"));
    switch (Obj.str(svc, "spec", "type")) {
      case "ClusterIP":
      case "NodePort":
        return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
      case "LoadBalancer":
        List<String> all = new ArrayList<>(loadBalancerIngress(Obj.at(svc, "status", "loadBalancer")));
        if (all.isEmpty() && externalIps.isEmpty()) {
          return "<pending>";
        }
        all.addAll(externalIps);
        return String.join(",", all);
      case "ExternalName":
        return Obj.str(svc, "spec", "externalName");
      default:
        return "<unknown>";
    }
  }

  /** Server-side printing is always wide, so ingress points are not truncated. */
  private static List<String> loadBalancerIngress(JsonNode lbStatus) {
    // A set in kubectl: duplicates collapse.
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (JsonNode ing : Obj.list(lbStatus, "ingress")) {
      if (!Obj.str(ing, "ip").isEmpty()) {
        out.add(Obj.str(ing, "ip"));
      } else if (!Obj.str(ing, "hostname").isEmpty()) {
        out.add(Obj.str(ing, "hostname"));
      }
    }
    return new ArrayList<>(out);
  }

  private static String servicePorts(JsonNode svc) {
    List<String> ports = new ArrayList<>();
    for (JsonNode p : Obj.list(svc, "spec", "ports")) {
      String protocol = Obj.str(p, "protocol").isEmpty() ? "TCP" : Obj.str(p, "protocol");
      long nodePort = Obj.num(p, "nodePort");
      ports.add(
          nodePort > 0
              ? Obj.num(p, "port") + ":" + nodePort + "/" + protocol
              : Obj.num(p, "port") + "/" + protocol);
    }
    return Obj.orNone(String.join(",", ports));
  }

  static final Printer ENDPOINTS =
      Printer.of(
          List.of(Column.nameColumn(), Column.string("Endpoints", "The set of all endpoints is the union of all subsets."), Column.ageColumn()),
          (ep, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(ep));
            cells.add(formatEndpoints(ep));
            cells.add(Obj.age(ep, now));
            return cells;
          });

  /** Up to three "ip:port" pairs, then " + N more...". */
  private static String formatEndpoints(JsonNode ep) {
    List<JsonNode> subsets = Obj.list(ep, "subsets");
    if (subsets.isEmpty()) {
      return "<none>";
    }
    int max = 3;
    List<String> list = new ArrayList<>();
    int count = 0;
    for (JsonNode ss : subsets) {
      List<JsonNode> ports = Obj.list(ss, "ports");
      List<JsonNode> addresses = Obj.list(ss, "addresses");
      if (ports.isEmpty()) {
        // No ports: the addresses alone, as kubectl does.
        for (JsonNode a : addresses) {
          if (list.size() < max) {
            list.add(Obj.str(a, "ip"));
          }
          count++;
        }
        continue;
      }
      for (JsonNode port : ports) {
        for (JsonNode a : addresses) {
          if (list.size() < max) {
            list.add(hostPort(Obj.str(a, "ip"), Obj.num(port, "port")));
          }
          count++;
        }
      }
    }
    String ret = String.join(",", list);
    return count > max ? ret + " + " + (count - max) + " more..." : ret;
  }

  private static String hostPort(String ip, long port) {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  static final Printer INGRESSES =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Class", "The name of the IngressClass resource that should be used for ingress."),
              Column.string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
              Column.string("Address", "Address is a list containing ingress points for the load-balancer"),
              Column.string("Ports", "Ports of TLS configurations that open"),
              Column.ageColumn()),
          (ing, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(ing));
            cells.add(Obj.orNone(Obj.str(ing, "spec", "ingressClassName")));
            cells.add(ingressHosts(Obj.list(ing, "spec", "rules")));
            cells.add(String.join(",", loadBalancerIngress(Obj.at(ing, "status", "loadBalancer"))));
            cells.add(Obj.list(ing, "spec", "tls").isEmpty() ? "80" : "80, 443");
            cells.add(Obj.age(ing, now));
            return cells;
          });

  private static String ingressHosts(List<JsonNode> rules) {
    int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : rules) {
      if (list.size() == max) {
        more = true;
      }
      if (!more && !Obj.str(rule, "host").isEmpty()) {
        list.add(Obj.str(rule, "host"));
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String ret = String.join(",", list);
    return more ? ret + " + " + (rules.size() - max) + " more..." : ret;
  }

  static final Printer CONFIGMAPS =
      Printer.of(
          List.of(Column.nameColumn(), Column.string("Data", "Data contains the configuration data."), Column.ageColumn()),
          (cm, now) -> List.of(Obj.name(cm), (long) (Obj.size(cm, "data") + Obj.size(cm, "binaryData")), Obj.age(cm, now)));

  static final Printer SECRETS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Type", "Used to facilitate programmatic handling of secret data."),
              Column.string("Data", "Data contains the secret data."),
              Column.ageColumn()),
          (s, now) -> List.of(Obj.name(s), Obj.str(s, "type"), (long) Obj.size(s, "data"), Obj.age(s, now)));

  static final Printer SERVICEACCOUNTS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
              Column.ageColumn()),
          (sa, now) -> List.of(Obj.name(sa), (long) Obj.list(sa, "secrets").size(), Obj.age(sa, now)));

  static final Printer NAMESPACES =
      Printer.of(
          List.of(Column.nameColumn(), Column.string("Status", "The status of the namespace"), Column.ageColumn()),
          (ns, now) -> List.of(Obj.name(ns), Obj.str(ns, "status", "phase"), Obj.age(ns, now)));

  static final Printer NODES =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Status", "The status of the node"),
              Column.string("Roles", "The roles of the node"),
              Column.ageColumn(),
              Column.string("Version", "Kubelet Version reported by the node."),
              Column.wide("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
              Column.wide("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
              Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
              Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
              Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).")),
          (node, now) -> {
            List<String> status = new ArrayList<>();
            for (JsonNode c : Obj.list(node, "status", "conditions")) {
              if ("Ready".equals(Obj.str(c, "type"))) {
                status.clear(); // the last Ready condition wins, as with kubectl's condition map
                status.add("True".equals(Obj.str(c, "status")) ? "Ready" : "NotReady");
              }
            }
            if (status.isEmpty()) {
              status.add("Unknown");
            }
            if (Obj.bool(node, "spec", "unschedulable")) {
              status.add("SchedulingDisabled");
            }
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(node));
            cells.add(String.join(",", status));
            cells.add(Obj.orNone(String.join(",", nodeRoles(node))));
            cells.add(Obj.age(node, now));
            cells.add(Obj.str(node, "status", "nodeInfo", "kubeletVersion"));
            cells.add(nodeAddress(node, "InternalIP"));
            cells.add(nodeAddress(node, "ExternalIP"));
            cells.add(orUnknown(Obj.str(node, "status", "nodeInfo", "osImage")));
            cells.add(orUnknown(Obj.str(node, "status", "nodeInfo", "kernelVersion")));
            cells.add(orUnknown(Obj.str(node, "status", "nodeInfo", "containerRuntimeVersion")));
            return cells;
          });

  /** Roles from node-role.kubernetes.io/&lt;role&gt; label keys and the kubernetes.io/role label value, sorted. */
  private static TreeSet<String> nodeRoles(JsonNode node) {
    TreeSet<String> roles = new TreeSet<>();
    Obj.map(node, "metadata", "labels")
        .forEach(
            (k, v) -> {
              if (k.startsWith("node-role.kubernetes.io/")) {
                String role = k.substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                  roles.add(role);
                }
              } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
                roles.add(v);
              }
            });
    return roles;
  }

  private static String nodeAddress(JsonNode node, String type) {
    for (JsonNode a : Obj.list(node, "status", "addresses")) {
      if (type.equals(Obj.str(a, "type"))) {
        return Obj.str(a, "address");
      }
    }
    return "<none>";
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }

  static final Printer EVENTS =
      Printer.of(
          List.of(
              Column.string("Last Seen", "Time when this Event was last observed."),
              Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
              Column.string("Reason", "Reason is why the action was taken. It is human-readable."),
              Column.string("Object", "The object this Event is about."),
              Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement."),
              Column.wide("Source", "The component reporting this event."),
              Column.string("Message", "A human-readable description of the status of this operation."),
              Column.wide("First Seen", "The time at which the event was first recorded."),
              Column.wide("Count", "The number of times this event has occurred."),
              new Column("Name", "string", "name", Docs.NAME, 1)),
          (ev, now) -> {
            String first =
                Obj.has(ev, "firstTimestamp")
                    ? HumanDuration.since(Obj.time(ev, "firstTimestamp"), now)
                    : HumanDuration.since(Obj.time(ev, "eventTime"), now);
            String last = Obj.has(ev, "lastTimestamp") ? HumanDuration.since(Obj.time(ev, "lastTimestamp"), now) : first;
            long count = Obj.num(ev, "count");
            if (Obj.has(ev, "series")) {
              last = HumanDuration.since(Obj.time(ev, "series", "lastObservedTime"), now);
              count = Obj.num(ev, "series", "count");
            } else if (count == 0) {
              count = 1; // singleton events of the events.k8s.io API carry no count
            }
            String kind = Obj.str(ev, "involvedObject", "kind").toLowerCase(Locale.ROOT);
            String objName = Obj.str(ev, "involvedObject", "name");
            String component = firstNonEmpty(Obj.str(ev, "source", "component"), Obj.str(ev, "reportingComponent"));
            String instance = firstNonEmpty(Obj.str(ev, "source", "host"), Obj.str(ev, "reportingInstance"));
            List<Object> cells = new ArrayList<>();
            cells.add(last);
            cells.add(Obj.str(ev, "type"));
            cells.add(Obj.str(ev, "reason"));
            cells.add(objName.isEmpty() ? kind : kind + "/" + objName);
            cells.add(Obj.str(ev, "involvedObject", "fieldPath"));
            cells.add(instance.isEmpty() ? component : component + ", " + instance);
            cells.add(Obj.str(ev, "message").strip());
            cells.add(first);
            cells.add(count);
            cells.add(Obj.name(ev));
            return cells;
          });

  /** events.k8s.io/v1 Events print with the same columns, as the apiserver converts both to one internal Event. */
  static final Printer EVENTS_K8S_IO =
      Printer.of(EVENTS.columns(), (ev, now) -> EVENTS.cells(asCoreEvent(ev), now));

  private static JsonNode asCoreEvent(JsonNode ev) {
    com.fasterxml.jackson.databind.node.ObjectNode core = io.cloudpedia.json.Json.mapper().createObjectNode();
    copy(ev, "metadata", core, "metadata");
    copy(ev, "regarding", core, "involvedObject");
    copy(ev, "note", core, "message");
    copy(ev, "deprecatedFirstTimestamp", core, "firstTimestamp");
    copy(ev, "deprecatedLastTimestamp", core, "lastTimestamp");
    copy(ev, "deprecatedCount", core, "count");
    copy(ev, "deprecatedSource", core, "source");
    copy(ev, "reportingController", core, "reportingComponent");
    copy(ev, "reportingInstance", core, "reportingInstance");
    copy(ev, "eventTime", core, "eventTime");
    copy(ev, "series", core, "series");
    copy(ev, "type", core, "type");
    copy(ev, "reason", core, "reason");
    return core;
  }

  private static void copy(JsonNode from, String field, com.fasterxml.jackson.databind.node.ObjectNode to, String as) {
    if (Obj.has(from, field)) {
      to.set(as, from.get(field));
    }
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  static final Printer PERSISTENTVOLUMES =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
              Column.string("Access Modes", "accessModes contains all ways the volume can be mounted."),
              Column.string("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
              Column.string("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
              Column.string("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
              Column.string("StorageClass", "StorageClass of the pv"),
              Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
              Column.string("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
              Column.ageColumn(),
              Column.wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.")),
          (pv, now) -> {
            JsonNode claim = Obj.at(pv, "spec", "claimRef");
            String claimRef = claim.isObject() ? Obj.str(claim, "namespace") + "/" + Obj.str(claim, "name") : "";
            String phase = Obj.has(pv, "metadata", "deletionTimestamp") ? "Terminating" : Obj.str(pv, "status", "phase");
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(pv));
            cells.add(quantity(Obj.str(pv, "spec", "capacity", "storage")));
            cells.add(accessModes(Obj.list(pv, "spec", "accessModes")));
            cells.add(Obj.str(pv, "spec", "persistentVolumeReclaimPolicy"));
            cells.add(phase);
            cells.add(claimRef);
            cells.add(storageClass(pv));
            cells.add(orUnset(Obj.str(pv, "spec", "volumeAttributesClassName")));
            cells.add(Obj.str(pv, "status", "reason"));
            cells.add(Obj.age(pv, now));
            cells.add(orUnset(Obj.str(pv, "spec", "volumeMode")));
            return cells;
          });

  static final Printer PERSISTENTVOLUMECLAIMS =
      Printer.of(
          List.of(
              Column.nameColumn(),
              Column.string("Status", "phase represents the current phase of PersistentVolumeClaim."),
              Column.string("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
              Column.string("Capacity", "capacity represents the actual resources of the underlying volume."),
              Column.string("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
              Column.string("StorageClass", "StorageClass of the pvc"),
              Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
              Column.ageColumn(),
              Column.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim.")),
          (pvc, now) -> {
            String phase = Obj.has(pvc, "metadata", "deletionTimestamp") ? "Terminating" : Obj.str(pvc, "status", "phase");
            String volume = Obj.str(pvc, "spec", "volumeName");
            String capacity = "";
            String modes = "";
            // Capacity and modes are those of the bound volume, so blank until bound.
            if (!volume.isEmpty()) {
              capacity = quantity(Obj.str(pvc, "status", "capacity", "storage"));
              modes = accessModes(Obj.list(pvc, "status", "accessModes"));
            }
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(pvc));
            cells.add(phase);
            cells.add(volume);
            cells.add(capacity);
            cells.add(modes);
            cells.add(storageClass(pvc));
            cells.add(orUnset(Obj.str(pvc, "spec", "volumeAttributesClassName")));
            cells.add(Obj.age(pvc, now));
            cells.add(orUnset(Obj.str(pvc, "spec", "volumeMode")));
            return cells;
          });

  /** A missing quantity prints as the zero Quantity, "0". */
  private static String quantity(String q) {
    return q.isEmpty() ? "0" : q;
  }

  private static String orUnset(String s) {
    return s.isEmpty() ? "<unset>" : s;
  }

  /** The beta annotation still wins over spec.storageClassName, as in Kubernetes' helpers. */
  private static String storageClass(JsonNode o) {
    String annotated = Obj.str(o, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class");
    return annotated.isEmpty() ? Obj.str(o, "spec", "storageClassName") : annotated;
  }

  /** Short access modes in Kubernetes' fixed order: RWO, ROX, RWX, RWOP. */
  private static String accessModes(List<JsonNode> modes) {
    List<String> present = texts(modes);
    List<String> out = new ArrayList<>();
    String[][] order = {
      {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}
    };
    for (String[] m : order) {
      if (present.contains(m[0])) {
        out.add(m[1]);
      }
    }
    return String.join(",", out);
  }

  private static List<String> texts(List<JsonNode> nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.asText()));
    return out;
  }
}
