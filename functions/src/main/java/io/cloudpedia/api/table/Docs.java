package io.cloudpedia.api.table;

/** Column descriptions shared by several printers (abridged from the Kubernetes API documentation). */
final class Docs {
  static final String NAME =
      "Name must be unique within a namespace. Is required when creating resources, although some resources may"
          + " allow a client to request the generation of an appropriate name automatically.";
  static final String CREATION_TIMESTAMP =
      "CreationTimestamp is a timestamp representing the server time when this object was created.";
  static final String CONTAINERS = "Names of each container in the template.";
  static final String IMAGES = "Images referenced by each container in the template.";
  static final String SELECTOR = "A label query over pods that should match the replica count.";

  private Docs() {}
}
