/**
 * A compact description of the OpenAPI component schemas `kubectl explain` reads. Only the kinds a
 * learner explains are described field by field (Pod, Deployment, ReplicaSet, Service, and what they
 * reference); other kinds get apiVersion/kind/metadata/spec/status so explain still finds them.
 * Descriptions follow upstream's first sentences.
 */

/** 'string' | 'integer' | 'boolean' | 'object' | 'map' (of strings) | 'X' (a $ref to schema X) | 'X[]' | 'string[]' */
type FieldType = string;
export interface SchemaDef {
  description: string;
  gvk?: { group: string; version: string; kind: string };
  fields: Record<string, [FieldType, string]>;
  required?: string[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const CORE = 'io.k8s.api.core.v1.';
const APPS = 'io.k8s.api.apps.v1.';

const API_VERSION: [FieldType, string] = [
  'string',
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
];
const KIND: [FieldType, string] = [
  'string',
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
];
const METADATA: [FieldType, string] = [`${META}ObjectMeta`, "Standard object's metadata."];

export const SCHEMAS: Record<string, SchemaDef> = {
  [`${META}ObjectMeta`]: {
    description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    fields: {
      annotations: ['map', 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.'],
      creationTimestamp: ['string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'],
      deletionTimestamp: ['string', 'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.'],
      generateName: ['string', 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'],
      generation: ['integer', 'A sequence number representing a specific generation of the desired state.'],
      labels: ['map', 'Map of string keys and values that can be used to organize and categorize (scope and select) objects.'],
      name: ['string', 'Name must be unique within a namespace.'],
      namespace: ['string', 'Namespace defines the space within which each name must be unique.'],
      ownerReferences: [`${META}OwnerReference[]`, 'List of objects depended by this object.'],
      resourceVersion: ['string', 'An opaque value that represents the internal version of this object.'],
      uid: ['string', 'UID is the unique in time and space value for this object.'],
    },
  },
  [`${META}OwnerReference`]: {
    description: 'OwnerReference contains enough information to let you identify an owning object.',
    fields: {
      apiVersion: ['string', 'API version of the referent.'],
      blockOwnerDeletion: ['boolean', 'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.'],
      controller: ['boolean', 'If true, this reference points to the managing controller.'],
      kind: ['string', 'Kind of the referent.'],
      name: ['string', 'Name of the referent.'],
      uid: ['string', 'UID of the referent.'],
    },
    required: ['apiVersion', 'kind', 'name', 'uid'],
  },
  [`${META}LabelSelector`]: {
    description: 'A label selector is a label query over a set of resources.',
    fields: {
      matchExpressions: ['object', 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'],
      matchLabels: ['map', 'matchLabels is a map of {key,value} pairs.'],
    },
  },
  [`${CORE}Pod`]: {
    description: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    gvk: { group: '', version: 'v1', kind: 'Pod' },
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [`${CORE}PodSpec`, 'Specification of the desired behavior of the pod.'],
      status: [`${CORE}PodStatus`, 'Most recently observed status of the pod. This data may not be up to date.'],
    },
  },
  [`${CORE}PodSpec`]: {
    description: 'PodSpec is a description of a pod.',
    fields: {
      containers: [`${CORE}Container[]`, 'List of containers belonging to the pod. Containers cannot currently be added or removed.'],
      nodeName: ['string', 'NodeName indicates in which node this pod is scheduled.'],
      nodeSelector: ['map', "NodeSelector is a selector which must be true for the pod to fit on a node."],
      restartPolicy: ['string', 'Restart policy for all containers within the pod. One of Always, OnFailure, Never.'],
      terminationGracePeriodSeconds: ['integer', 'Optional duration in seconds the pod needs to terminate gracefully.'],
      tolerations: ['object', "If specified, the pod's tolerations."],
    },
    required: ['containers'],
  },
  [`${CORE}PodStatus`]: {
    description: 'PodStatus represents information about the status of a pod.',
    fields: {
      conditions: ['object', 'Current service state of pod.'],
      containerStatuses: ['object', 'Statuses of containers in this pod.'],
      hostIP: ['string', 'hostIP holds the IP address of the host to which the pod is assigned.'],
      phase: ['string', 'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.'],
      podIP: ['string', 'podIP address allocated to the pod.'],
      startTime: ['string', 'RFC 3339 date and time at which the object was acknowledged by the Kubelet.'],
    },
  },
  [`${CORE}Container`]: {
    description: 'A single application container that you want to run within a pod.',
    fields: {
      args: ['string[]', 'Arguments to the entrypoint.'],
      command: ['string[]', 'Entrypoint array. Not executed within a shell.'],
      env: [`${CORE}EnvVar[]`, 'List of environment variables to set in the container.'],
      image: ['string', 'Container image name.'],
      imagePullPolicy: ['string', 'Image pull policy. One of Always, Never, IfNotPresent.'],
      name: ['string', 'Name of the container specified as a DNS_LABEL.'],
      ports: [`${CORE}ContainerPort[]`, 'List of ports to expose from the container.'],
      resources: ['object', 'Compute Resources required by this container.'],
    },
    required: ['name'],
  },
  [`${CORE}EnvVar`]: {
    description: 'EnvVar represents an environment variable present in a Container.',
    fields: { name: ['string', 'Name of the environment variable.'], value: ['string', 'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container.'] },
    required: ['name'],
  },
  [`${CORE}ContainerPort`]: {
    description: 'ContainerPort represents a network port in a single container.',
    fields: {
      containerPort: ['integer', "Number of port to expose on the pod's IP address."],
      name: ['string', 'If specified, this must be an IANA_SVC_NAME and unique within the pod.'],
      protocol: ['string', 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'],
    },
    required: ['containerPort'],
  },
  [`${CORE}PodTemplateSpec`]: {
    description: 'PodTemplateSpec describes the data a pod should have when created from a template',
    fields: { metadata: METADATA, spec: [`${CORE}PodSpec`, 'Specification of the desired behavior of the pod.'] },
  },
  [`${CORE}Service`]: {
    description: 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    gvk: { group: '', version: 'v1', kind: 'Service' },
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [`${CORE}ServiceSpec`, 'Spec defines the behavior of a service.'],
      status: ['object', 'Most recently observed status of the service.'],
    },
  },
  [`${CORE}ServiceSpec`]: {
    description: 'ServiceSpec describes the attributes that a user creates on a service.',
    fields: {
      clusterIP: ['string', 'clusterIP is the IP address of the service and is usually assigned randomly.'],
      externalName: ['string', 'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record).'],
      ports: [`${CORE}ServicePort[]`, 'The list of ports that are exposed by this service.'],
      selector: ['map', 'Route service traffic to pods with label keys and values matching this selector.'],
      type: ['string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'],
    },
  },
  [`${CORE}ServicePort`]: {
    description: "ServicePort contains information on service's port.",
    fields: {
      name: ['string', 'The name of this port within the service.'],
      nodePort: ['integer', 'The port on each node on which this service is exposed when type is NodePort or LoadBalancer.'],
      port: ['integer', 'The port that will be exposed by this service.'],
      protocol: ['string', 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'],
      targetPort: ['string', 'Number or name of the port to access on the pods targeted by the service.'],
    },
    required: ['port'],
  },
  [`${APPS}Deployment`]: {
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    gvk: { group: 'apps', version: 'v1', kind: 'Deployment' },
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [`${APPS}DeploymentSpec`, 'Specification of the desired behavior of the Deployment.'],
      status: [`${APPS}DeploymentStatus`, 'Most recently observed status of the Deployment.'],
    },
  },
  [`${APPS}DeploymentSpec`]: {
    description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    fields: {
      minReadySeconds: ['integer', 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.'],
      paused: ['boolean', 'Indicates that the deployment is paused.'],
      progressDeadlineSeconds: ['integer', 'The maximum time in seconds for a deployment to make progress before it is considered to be failed.'],
      replicas: ['integer', 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'],
      revisionHistoryLimit: ['integer', 'The number of old ReplicaSets to retain to allow rollback. Defaults to 10.'],
      selector: [`${META}LabelSelector`, 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'],
      strategy: ['object', 'The deployment strategy to use to replace existing pods with new ones.'],
      template: [`${CORE}PodTemplateSpec`, 'Template describes the pods that will be created.'],
    },
    required: ['selector', 'template'],
  },
  [`${APPS}DeploymentStatus`]: {
    description: 'DeploymentStatus is the most recently observed status of the Deployment.',
    fields: {
      availableReplicas: ['integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'],
      conditions: ['object', "Represents the latest available observations of a deployment's current state."],
      observedGeneration: ['integer', 'The generation observed by the deployment controller.'],
      readyReplicas: ['integer', 'readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.'],
      replicas: ['integer', 'Total number of non-terminated pods targeted by this deployment (their labels match the selector).'],
      updatedReplicas: ['integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'],
    },
  },
  [`${APPS}ReplicaSet`]: {
    description: 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    gvk: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    fields: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: METADATA,
      spec: [`${APPS}ReplicaSetSpec`, 'Spec defines the specification of the desired behavior of the ReplicaSet.'],
      status: ['object', 'Status is the most recently observed status of the ReplicaSet.'],
    },
  },
  [`${APPS}ReplicaSetSpec`]: {
    description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
    fields: {
      minReadySeconds: ['integer', 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.'],
      replicas: ['integer', 'Replicas is the number of desired pods. Defaults to 1.'],
      selector: [`${META}LabelSelector`, 'Selector is a label query over pods that should match the replica count.'],
      template: [`${CORE}PodTemplateSpec`, 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'],
    },
    required: ['selector'],
  },
};

/** The schema name upstream uses for a kind, e.g. io.k8s.api.apps.v1.Deployment. */
export function schemaName(group: string, version: string, kind: string): string {
  const pkg = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\./g, '');
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

/** A generic schema for a kind not described above, so explain still finds it. */
export function genericSchema(group: string, version: string, kind: string): SchemaDef {
  return {
    description: `${kind} is a ${group || 'core'}/${version} resource simulated by Kubelab.`,
    gvk: { group, version, kind },
    fields: { apiVersion: API_VERSION, kind: KIND, metadata: METADATA, spec: ['object', `Specification of the ${kind}.`], status: ['object', `Most recently observed status of the ${kind}.`] },
  };
}
