// What sync checks on the cluster before it hands a namespace to Flux or Argo CD:
// a Kubernetes version the pinned controller release supports, and no Helm release
// (the tutorial's `helm install my-dask`) still owning objects the controller would take.
import { ControllerRelease, compareVersions, releaseLabel } from '../charts/gitops/controller-versions';
import { describeObject, KubeClient, KubeTarget, ManifestObject } from './kube-client';

/** The kinds the dask chart renders, as `kubectl get` names them. */
const HELM_CHART_RESOURCES = [
  'deployments.apps', 'services', 'serviceaccounts', 'configmaps',
  'roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'ingresses.networking.k8s.io',
];

/** Helm 3 annotates every object it installs with its release; charts label them managed-by Helm. */
const HELM_RELEASE_ANNOTATION = 'meta.helm.sh/release-name';
const HELM_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** Why the cluster is too old for the release, with what to do; undefined when it is recent enough. */
export function kubernetesTooOld(serverVersion: string, release: ControllerRelease, envFile: string, releaseChannel?: string): string | undefined {
  if (compareVersions(serverVersion, release.minKubernetes) >= 0) return undefined;
  return [
    `the cluster runs Kubernetes ${serverVersion}, older than ${release.minKubernetes}, the oldest ${releaseLabel(release)} supports (${release.minKubernetesSource}).`,
    'Either:',
    `  - upgrade the cluster's control plane (and then its nodes) to ${release.minKubernetes} or later: gcloud container clusters upgrade CLUSTER --master --cluster-version=${release.minKubernetes.split('.').slice(0, 2).join('.')}${releaseChannel ? ` (the ${releaseChannel} channel must offer it; \`gcloud container get-server-config\` lists what it does)` : ''}; or`,
    `  - pin an older controller release that supports this Kubernetes with gitops.controllerVersion in ${envFile}, once its CRDs are vendored (charts/gitops/controller-versions.ts).`,
  ].join('\n');
}

export interface HelmObject {
  readonly object: ManifestObject;
  readonly release: string;
}

/** The objects in the listing that a Helm release owns, by its annotation or the managed-by label. */
function helmOwned(objects: readonly ManifestObject[]): HelmObject[] {
  const owned: HelmObject[] = [];
  for (const object of objects) {
    const metadata = object.metadata as { annotations?: Record<string, string>; labels?: Record<string, string> };
    const release = metadata.annotations?.[HELM_RELEASE_ANNOTATION];
    if (release !== undefined || metadata.labels?.[MANAGED_BY] === 'Helm') {
      owned.push({ object, release: release ?? metadata.labels?.['app.kubernetes.io/instance'] ?? '(unknown release)' });
    }
  }
  return owned;
}

/** Lists the namespace's chart-kind objects and returns the Helm-owned ones. */
export async function findHelmObjects(kube: KubeClient, namespace: string, target: KubeTarget): Promise<HelmObject[]> {
  return helmOwned(await kube.listInNamespace(HELM_CHART_RESOURCES, namespace, target));
}

/** Same kind and name: the object the controller would apply over. */
function sameObject(a: ManifestObject, b: ManifestObject): boolean {
  return a.kind === b.kind && a.metadata.name === b.metadata.name;
}

/**
 * Splits the Helm-owned objects into the releases in the controller's way (one of their
 * objects has a name the environment renders, or the release has the environment's
 * release name) and the others, which the controller never touches.
 */
export function helmReleasesInTheWay(found: readonly HelmObject[], rendered: readonly ManifestObject[], release: string): { moving: HelmObject[]; others: HelmObject[] } {
  const inTheWay = new Set(found.filter((item) => item.release === release || rendered.some((object) => sameObject(object, item.object))).map((item) => item.release));
  return { moving: found.filter((item) => inTheWay.has(item.release)), others: found.filter((item) => !inTheWay.has(item.release)) };
}

/**
 * The exact steps that move a namespace from Helm to the controller: Helm forgets the
 * release without deleting anything; the Deployments, whose selectors cannot change,
 * are deleted (their pods restart when the controller creates them again); objects the
 * environment does not render are deleted; what stays loses Helm's marks.
 */
export function helmMoveSteps(found: readonly HelmObject[], rendered: readonly ManifestObject[], namespace: string, context: string, tool: string, syncCommand: string): string {
  const kubectl = `kubectl --context=${context} --namespace=${namespace}`;
  const releases = [...new Set(found.map((item) => item.release))].sort();
  const isRendered = (object: ManifestObject) => rendered.some((candidate) => sameObject(candidate, object));
  const ref = (object: ManifestObject) => `${object.kind.toLowerCase()}/${object.metadata.name}`;
  const deployments = found.filter((item) => item.object.kind === 'Deployment').map((item) => item.object);
  const extra = found.filter((item) => item.object.kind !== 'Deployment' && !isRendered(item.object)).map((item) => item.object);
  const kept = found.filter((item) => item.object.kind !== 'Deployment' && isRendered(item.object)).map((item) => item.object);
  const lines = [
    `namespace ${namespace} holds objects of Helm release ${releases.join(', ')}: ${found.map((item) => describeObject(item.object)).join(', ')}.`,
    `${tool} would apply over them: a Deployment's selector cannot change, so the apply is refused, and \`helm upgrade\` would undo ${tool}'s changes.`,
    `Move the release to ${tool} (the Dask and Jupyter pods restart; Services keep their names and addresses):`,
  ];
  let step = 0;
  const add = (command: string, why: string) => lines.push(`  ${++step}. ${command}`, `       # ${why}`);
  for (const release of releases.filter((name) => name !== '(unknown release)')) {
    add(`${kubectl} delete secret --selector=owner=helm,name=${release}`, `Helm forgets ${release}; its objects stay (helm uninstall would delete them)`);
  }
  if (deployments.length > 0) add(`${kubectl} delete ${deployments.map(ref).join(' ')}`, `their pods stop until ${tool} creates them again`);
  if (extra.length > 0) add(`${kubectl} delete ${extra.map(ref).join(' ')}`, 'this environment does not render them');
  if (kept.length > 0) {
    add(`${kubectl} annotate ${kept.map(ref).join(' ')} ${HELM_RELEASE_ANNOTATION}- ${HELM_NAMESPACE_ANNOTATION}-`, `${tool} takes these over as they are`);
    add(`${kubectl} label ${kept.map(ref).join(' ')} ${MANAGED_BY}- helm.sh/chart-`, 'and they no longer look like Helm\'s');
  }
  add(syncCommand, `${tool} creates the Deployments and adopts the rest`);
  return lines.join('\n');
}
