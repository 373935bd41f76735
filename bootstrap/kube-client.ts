// What the access, sync and destroy steps need from a Kubernetes cluster.

/** A plain Kubernetes object, as rendered for review and applied as is. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Which cluster: a kubeconfig file and one of its contexts (never the current one by accident). */
export interface KubeTarget {
  readonly kubeconfig: string;
  readonly context: string;
}

/** An object looked up by resource name, as `kubectl get <resource> <name>` takes it. */
export interface KubeRef {
  /** Fully qualified where ambiguous: customresourcedefinitions.apiextensions.k8s.io, deployments.apps. */
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface KubeClient {
  /** Server-side apply; resolves to one line per object saying what happened. */
  apply(objects: readonly ManifestObject[], target: KubeTarget): Promise<string[]>;
  /** Deletes and waits until the objects are gone (finalizers included); missing objects are fine. */
  delete(objects: readonly ManifestObject[], target: KubeTarget, timeoutSeconds: number): Promise<string[]>;
  exists(ref: KubeRef, target: KubeTarget): Promise<boolean>;
  /** Every object of a resource (cluster-wide, or in `namespace`), optionally those with a label: `kubectl get <resource> -l <selector>`. */
  list(resource: string, target: KubeTarget, labelSelector?: string, namespace?: string): Promise<ManifestObject[]>;
  /** The object, or undefined when it does not exist. */
  get(ref: KubeRef, target: KubeTarget): Promise<ManifestObject | undefined>;
  /** The objects of these resources (as `kubectl get` names them) in a namespace; none when it does not exist. */
  listInNamespace(resources: readonly string[], namespace: string, target: KubeTarget): Promise<ManifestObject[]>;
  /** The API server's version as it reports it: v1.34.1-gke.1000. */
  serverVersion(target: KubeTarget): Promise<string>;
}

/** "ClusterRoleBinding dask-gitops-dev-cluster-admins", "Kustomization flux-system/dask-dev". */
export function describeObject(object: ManifestObject): string {
  const namespace = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${namespace}${object.metadata.name}`;
}
