package io.cloudpedia.api.table;

import java.util.Map;
import java.util.Optional;

/** The built-in printers by group and resource; every other type gets {@link DefaultPrinter}. */
public final class Printers {
  private Printers() {}

  private static final Map<String, Printer> BUILT_IN =
      Map.ofEntries(
          Map.entry("/pods", new PodPrinter()),
          Map.entry("/services", CorePrinters.SERVICES),
          Map.entry("/endpoints", CorePrinters.ENDPOINTS),
          Map.entry("/configmaps", CorePrinters.CONFIGMAPS),
          Map.entry("/secrets", CorePrinters.SECRETS),
          Map.entry("/namespaces", CorePrinters.NAMESPACES),
          Map.entry("/nodes", CorePrinters.NODES),
          Map.entry("/events", CorePrinters.EVENTS),
          Map.entry("events.k8s.io/events", CorePrinters.EVENTS_K8S_IO),
          Map.entry("/persistentvolumes", CorePrinters.PERSISTENTVOLUMES),
          Map.entry("/persistentvolumeclaims", CorePrinters.PERSISTENTVOLUMECLAIMS),
          Map.entry("/serviceaccounts", CorePrinters.SERVICEACCOUNTS),
          Map.entry("apps/deployments", WorkloadPrinters.DEPLOYMENTS),
          Map.entry("apps/replicasets", WorkloadPrinters.REPLICASETS),
          Map.entry("apps/statefulsets", WorkloadPrinters.STATEFULSETS),
          Map.entry("apps/daemonsets", WorkloadPrinters.DAEMONSETS),
          Map.entry("batch/jobs", WorkloadPrinters.JOBS),
          Map.entry("batch/cronjobs", WorkloadPrinters.CRONJOBS),
          Map.entry("networking.k8s.io/ingresses", CorePrinters.INGRESSES),
          Map.entry("extensions/ingresses", CorePrinters.INGRESSES));

  /** The Kubernetes printer for a built-in type, if it has one. */
  public static Optional<Printer> builtIn(ResourceType type) {
    return Optional.ofNullable(BUILT_IN.get(type.group() + "/" + type.resource()));
  }

  /** Name and Created At: what the apiserver serves for types without a printer. */
  public static Printer defaultPrinter() {
    return DefaultPrinter.INSTANCE;
  }
}
