// The controller releases environments may pin, each with the CRDs vendored for it
// (charts/validate/crds/<folder>/) and the Kubernetes version it needs. Adding a
// release means vendoring its CRDs and adding an entry here; nothing else changes.
import { GitOpsSpec } from '../config/values';

export type GitOpsTool = GitOpsSpec['tool'];

/** A CRD file of a release: which kind it defines, and where it is under charts/validate/crds/. */
export interface VendoredCrd {
  readonly group: string;
  readonly kind: string;
  readonly file: string;
}

export interface ControllerRelease {
  readonly tool: GitOpsTool;
  /** The release tag, as the project tags it: v2.9.0. */
  readonly version: string;
  /** The oldest Kubernetes the release supports, from its release notes. */
  readonly minKubernetes: string;
  /** Where the number above comes from, printed when a cluster is too old. */
  readonly minKubernetesSource: string;
  readonly crds: readonly VendoredCrd[];
}

export const CONTROLLER_RELEASES: readonly ControllerRelease[] = [
  {
    tool: 'flux',
    version: 'v2.9.0',
    // Flux's v2.9.0 release notes: Kubernetes v1.34 >= 1.34.1, v1.35, v1.36. (`flux check` itself only asks for >= 1.33.0.)
    minKubernetes: '1.34.1',
    minKubernetesSource: 'https://github.com/fluxcd/flux2/releases/tag/v2.9.0',
    crds: [
      { group: 'source.toolkit.fluxcd.io', kind: 'GitRepository', file: 'flux-v2.9.0/source.toolkit.fluxcd.io_gitrepositories.yaml' },
      { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', file: 'flux-v2.9.0/kustomize.toolkit.fluxcd.io_kustomizations.yaml' },
    ],
  },
  {
    tool: 'argocd',
    version: 'v3.5.1',
    // Argo CD publishes the Kubernetes versions each minor is tested with; 3.5: v1.33 to v1.36.
    minKubernetes: '1.33.0',
    minKubernetesSource: 'https://github.com/argoproj/argo-cd/blob/v3.5.1/docs/operator-manual/tested-kubernetes-versions.md',
    crds: [{ group: 'argoproj.io', kind: 'Application', file: 'argo-cd-v3.5.1/application-crd.yaml' }],
  },
];

/** The release an environment runs unless its file sets gitops.controllerVersion: the one place the default is pinned. */
export const DEFAULT_CONTROLLER_VERSION: Readonly<Record<GitOpsTool, string>> = {
  flux: 'v2.9.0',
  argocd: 'v3.5.1',
};

/** Prometheus Operator is not installed by this project; its CRDs are vendored to check the monitors rendered for it. */
export const PROMETHEUS_OPERATOR_CRDS: { readonly version: string; readonly crds: readonly VendoredCrd[] } = {
  version: 'v0.93.0',
  crds: [
    { group: 'monitoring.coreos.com', kind: 'PodMonitor', file: 'prometheus-operator-v0.93.0/monitoring.coreos.com_podmonitors.yaml' },
    { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', file: 'prometheus-operator-v0.93.0/monitoring.coreos.com_servicemonitors.yaml' },
  ],
};

/**
 * Put on each sync object: the controller release it was rendered for, so that
 * validate checks it against that release's CRDs and reviewers see the pin.
 */
export const CONTROLLER_VERSION_ANNOTATION = 'dask-gitops.io/controller-version';

export function releasesOf(tool: GitOpsTool): ControllerRelease[] {
  return CONTROLLER_RELEASES.filter((release) => release.tool === tool);
}

export function controllerRelease(tool: GitOpsTool, version: string): ControllerRelease | undefined {
  return CONTROLLER_RELEASES.find((release) => release.tool === tool && release.version === version);
}

/** The environment's pinned release (its file's, else the default); the loader has refused unknown versions. */
export function pinnedRelease(gitops: Pick<GitOpsSpec, 'tool' | 'controllerVersion'>): ControllerRelease {
  const version = gitops.controllerVersion ?? DEFAULT_CONTROLLER_VERSION[gitops.tool];
  const release = controllerRelease(gitops.tool, version);
  if (!release) throw new Error(`no vendored ${gitops.tool} release ${version}: see charts/gitops/controller-versions.ts`);
  return release;
}

/** `flux v2.9.0`: the annotation's value. */
export function releaseLabel(release: ControllerRelease): string {
  return `${release.tool} ${release.version}`;
}

/** The commands that install exactly this release, as its documentation gives them, for a kubeconfig context. */
export function installCommands(release: ControllerRelease, context: string): string[] {
  if (release.tool === 'flux') {
    return [
      `flux install --version=${release.version} --context=${context}`,
      `# or, without the Flux CLI: kubectl --context=${context} apply --server-side -f https://github.com/fluxcd/flux2/releases/download/${release.version}/install.yaml`,
    ];
  }
  return [
    `kubectl --context=${context} create namespace argocd`,
    `kubectl --context=${context} apply -n argocd --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/${release.version}/manifests/install.yaml`,
  ];
}

/**
 * The workload whose version says which release is installed: Flux's install labels
 * its objects app.kubernetes.io/version: v2.9.0; Argo CD's application controller runs
 * the image quay.io/argoproj/argocd:v3.5.1.
 */
export const INSTALLED_VERSION_SOURCE: Readonly<Record<GitOpsTool, { resource: string; name: string; namespace: string }>> = {
  flux: { resource: 'deployments.apps', name: 'kustomize-controller', namespace: 'flux-system' },
  argocd: { resource: 'statefulsets.apps', name: 'argocd-application-controller', namespace: 'argocd' },
};

/** The release tag the installed controller reports, or undefined when it does not say. */
export function installedVersionOf(tool: GitOpsTool, workload: { readonly metadata: object; readonly spec?: unknown }): string | undefined {
  if (tool === 'flux') {
    const label = (workload.metadata as { labels?: Record<string, unknown> }).labels?.['app.kubernetes.io/version'];
    return typeof label === 'string' && /^v\d+\.\d+\.\d+$/.test(label) ? label : undefined;
  }
  const containers = (workload.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers ?? [];
  const tag = containers.map((container) => /\/argocd:(v\d+\.\d+\.\d+)(@.*)?$/.exec(container.image ?? '')?.[1]).find((found) => found !== undefined);
  return tag;
}

/** Compares dotted versions numerically: 1.34.1 < 1.34.10 < 1.35.0. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.replace(/^v/, '').split(/[.+-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return 0;
}
