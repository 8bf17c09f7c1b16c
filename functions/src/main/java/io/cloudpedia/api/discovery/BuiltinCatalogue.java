package io.cloudpedia.api.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The listable built-in types of a Kubernetes v1.32 apiserver, as its discovery shows them (cross-checked against
 * kubernetes/kubernetes {@code api/discovery/*.json}). Agents report only kind and scope, so short names and
 * categories, which kubectl needs for {@code get po} and {@code get all}, come from here. Create-only types (reviews,
 * bindings) are left out: nothing can sync them.
 *
 * <p>Every built-in's singular name is its lowercased kind (the apiserver's default), so it is derived, not listed.
 */
final class BuiltinCatalogue {
  private static final boolean NAMESPACED = true;
  private static final boolean CLUSTER = false;
  private static final List<String> NONE = List.of();
  private static final List<String> ALL = List.of("all");
  private static final List<String> API_EXTENSIONS = List.of("api-extensions");
  private static final String ADMISSION = "admissionregistration.k8s.io";
  private static final String FLOWCONTROL = "flowcontrol.apiserver.k8s.io";
  private static final String RBAC = "rbac.authorization.k8s.io";

  private static final List<BuiltinResource> ENTRIES =
      List.of(
          // core (/api/v1)
          entry("", "componentstatuses", "ComponentStatus", CLUSTER, List.of("cs"), NONE),
          entry("", "configmaps", "ConfigMap", NAMESPACED, List.of("cm"), NONE),
          entry("", "endpoints", "Endpoints", NAMESPACED, List.of("ep"), NONE),
          entry("", "events", "Event", NAMESPACED, List.of("ev"), NONE),
          entry("", "limitranges", "LimitRange", NAMESPACED, List.of("limits"), NONE),
          entry("", "namespaces", "Namespace", CLUSTER, List.of("ns"), NONE),
          entry("", "nodes", "Node", CLUSTER, List.of("no"), NONE),
          entry("", "persistentvolumeclaims", "PersistentVolumeClaim", NAMESPACED, List.of("pvc"), NONE),
          entry("", "persistentvolumes", "PersistentVolume", CLUSTER, List.of("pv"), NONE),
          entry("", "pods", "Pod", NAMESPACED, List.of("po"), ALL),
          entry("", "podtemplates", "PodTemplate", NAMESPACED, NONE, NONE),
          entry("", "replicationcontrollers", "ReplicationController", NAMESPACED, List.of("rc"), ALL),
          entry("", "resourcequotas", "ResourceQuota", NAMESPACED, List.of("quota"), NONE),
          entry("", "secrets", "Secret", NAMESPACED, NONE, NONE),
          entry("", "serviceaccounts", "ServiceAccount", NAMESPACED, List.of("sa"), NONE),
          entry("", "services", "Service", NAMESPACED, List.of("svc"), ALL),
          // admissionregistration.k8s.io
          entry(ADMISSION, "mutatingadmissionpolicies", "MutatingAdmissionPolicy", CLUSTER, NONE, API_EXTENSIONS),
          entry(ADMISSION, "mutatingadmissionpolicybindings", "MutatingAdmissionPolicyBinding", CLUSTER, NONE, API_EXTENSIONS),
          entry(ADMISSION, "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", CLUSTER, NONE, API_EXTENSIONS),
          entry(ADMISSION, "validatingadmissionpolicies", "ValidatingAdmissionPolicy", CLUSTER, NONE, API_EXTENSIONS),
          entry(ADMISSION, "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", CLUSTER, NONE, API_EXTENSIONS),
          entry(ADMISSION, "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", CLUSTER, NONE, API_EXTENSIONS),
          // apiextensions.k8s.io, apiregistration.k8s.io
          entry("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", CLUSTER,
              List.of("crd", "crds"), API_EXTENSIONS),
          entry("apiregistration.k8s.io", "apiservices", "APIService", CLUSTER, NONE, API_EXTENSIONS),
          // apps
          entry("apps", "controllerrevisions", "ControllerRevision", NAMESPACED, NONE, NONE),
          entry("apps", "daemonsets", "DaemonSet", NAMESPACED, List.of("ds"), ALL),
          entry("apps", "deployments", "Deployment", NAMESPACED, List.of("deploy"), ALL),
          entry("apps", "replicasets", "ReplicaSet", NAMESPACED, List.of("rs"), ALL),
          entry("apps", "statefulsets", "StatefulSet", NAMESPACED, List.of("sts"), ALL),
          // autoscaling, batch
          entry("autoscaling", "horizontalpodautoscalers", "HorizontalPodAutoscaler", NAMESPACED, List.of("hpa"), ALL),
          entry("batch", "cronjobs", "CronJob", NAMESPACED, List.of("cj"), ALL),
          entry("batch", "jobs", "Job", NAMESPACED, NONE, ALL),
          // certificates.k8s.io, coordination.k8s.io, discovery.k8s.io, events.k8s.io
          entry("certificates.k8s.io", "certificatesigningrequests", "CertificateSigningRequest", CLUSTER, List.of("csr"), NONE),
          entry("certificates.k8s.io", "clustertrustbundles", "ClusterTrustBundle", CLUSTER, NONE, NONE),
          entry("coordination.k8s.io", "leasecandidates", "LeaseCandidate", NAMESPACED, NONE, NONE),
          entry("coordination.k8s.io", "leases", "Lease", NAMESPACED, NONE, NONE),
          entry("discovery.k8s.io", "endpointslices", "EndpointSlice", NAMESPACED, NONE, NONE),
          entry("events.k8s.io", "events", "Event", NAMESPACED, List.of("ev"), NONE),
          // flowcontrol.apiserver.k8s.io, internal.apiserver.k8s.io
          entry(FLOWCONTROL, "flowschemas", "FlowSchema", CLUSTER, NONE, NONE),
          entry(FLOWCONTROL, "prioritylevelconfigurations", "PriorityLevelConfiguration", CLUSTER, NONE, NONE),
          entry("internal.apiserver.k8s.io", "storageversions", "StorageVersion", CLUSTER, NONE, NONE),
          // networking.k8s.io, node.k8s.io, policy
          entry("networking.k8s.io", "ingressclasses", "IngressClass", CLUSTER, NONE, NONE),
          entry("networking.k8s.io", "ingresses", "Ingress", NAMESPACED, List.of("ing"), NONE),
          entry("networking.k8s.io", "ipaddresses", "IPAddress", CLUSTER, List.of("ip"), NONE),
          entry("networking.k8s.io", "networkpolicies", "NetworkPolicy", NAMESPACED, List.of("netpol"), NONE),
          entry("networking.k8s.io", "servicecidrs", "ServiceCIDR", CLUSTER, NONE, NONE),
          entry("node.k8s.io", "runtimeclasses", "RuntimeClass", CLUSTER, NONE, NONE),
          entry("policy", "poddisruptionbudgets", "PodDisruptionBudget", NAMESPACED, List.of("pdb"), NONE),
          // rbac.authorization.k8s.io
          entry(RBAC, "clusterrolebindings", "ClusterRoleBinding", CLUSTER, NONE, NONE),
          entry(RBAC, "clusterroles", "ClusterRole", CLUSTER, NONE, NONE),
          entry(RBAC, "rolebindings", "RoleBinding", NAMESPACED, NONE, NONE),
          entry(RBAC, "roles", "Role", NAMESPACED, NONE, NONE),
          // resource.k8s.io (dynamic resource allocation)
          entry("resource.k8s.io", "deviceclasses", "DeviceClass", CLUSTER, NONE, NONE),
          entry("resource.k8s.io", "resourceclaims", "ResourceClaim", NAMESPACED, NONE, NONE),
          entry("resource.k8s.io", "resourceclaimtemplates", "ResourceClaimTemplate", NAMESPACED, NONE, NONE),
          entry("resource.k8s.io", "resourceslices", "ResourceSlice", CLUSTER, NONE, NONE),
          // scheduling.k8s.io, storage.k8s.io, storagemigration.k8s.io
          entry("scheduling.k8s.io", "priorityclasses", "PriorityClass", CLUSTER, List.of("pc"), NONE),
          entry("storage.k8s.io", "csidrivers", "CSIDriver", CLUSTER, NONE, NONE),
          entry("storage.k8s.io", "csinodes", "CSINode", CLUSTER, NONE, NONE),
          entry("storage.k8s.io", "csistoragecapacities", "CSIStorageCapacity", NAMESPACED, NONE, NONE),
          entry("storage.k8s.io", "storageclasses", "StorageClass", CLUSTER, List.of("sc"), NONE),
          entry("storage.k8s.io", "volumeattachments", "VolumeAttachment", CLUSTER, NONE, NONE),
          entry("storage.k8s.io", "volumeattributesclasses", "VolumeAttributesClass", CLUSTER, List.of("vac"), NONE),
          entry("storagemigration.k8s.io", "storageversionmigrations", "StorageVersionMigration", CLUSTER, NONE, NONE));

  private static final Map<String, BuiltinResource> BY_GROUP_RESOURCE = index();
  private static final Set<String> GROUPS =
      ENTRIES.stream().map(BuiltinResource::group).collect(Collectors.toUnmodifiableSet());

  private BuiltinCatalogue() {}

  /** The built-in type served at {@code group/resource} in any version. */
  static Optional<BuiltinResource> find(String group, String resource) {
    return Optional.ofNullable(BY_GROUP_RESOURCE.get(key(group, resource)));
  }

  /** Whether Kubernetes itself serves this group (a custom resource cannot use it). */
  static boolean isBuiltinGroup(String group) {
    return GROUPS.contains(group);
  }

  static List<BuiltinResource> entries() {
    return ENTRIES;
  }

  private static BuiltinResource entry(
      String group, String resource, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories) {
    return new BuiltinResource(
        group, resource, kind, kind.toLowerCase(Locale.ROOT), namespaced, shortNames, categories);
  }

  private static Map<String, BuiltinResource> index() {
    Map<String, BuiltinResource> byKey = new HashMap<>();
    for (BuiltinResource r : ENTRIES) {
      if (byKey.put(key(r.group(), r.resource()), r) != null) {
        throw new IllegalStateException("duplicate catalogue entry " + r.group() + "/" + r.resource());
      }
    }
    return Map.copyOf(byKey);
  }

  private static String key(String group, String resource) {
    return group + "/" + resource;
  }
}
