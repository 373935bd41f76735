// The fields this project sets on Flux's and Argo CD's objects, written from the
// vendored CRDs (charts/validate/crds/flux-v2.9.0/, argo-cd-v3.5.1/). Only what is
// rendered is typed; npm run validate checks the whole object against the CRD itself.

export interface CrdObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
}

/** source.toolkit.fluxcd.io/v1 GitRepository. */
export interface GitRepository {
  readonly apiVersion: 'source.toolkit.fluxcd.io/v1';
  readonly kind: 'GitRepository';
  readonly metadata: CrdObjectMeta;
  readonly spec: {
    readonly interval: string;
    readonly url: string;
    readonly ref?: { readonly branch?: string; readonly tag?: string; readonly commit?: string };
  };
}

/** kustomize.toolkit.fluxcd.io/v1 Kustomization `.spec.healthChecks[]` and `.spec.ignore[].target`. */
export interface FluxObjectRef {
  readonly apiVersion?: string;
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** `.spec.ignore[]` (kustomize-controller v1.9.0+): JSON pointers the controller neither applies nor reverts once an object exists. */
export interface FluxIgnoreRule {
  readonly paths: string[];
  readonly target?: FluxObjectRef;
}

/** kustomize.toolkit.fluxcd.io/v1 Kustomization. */
export interface Kustomization {
  readonly apiVersion: 'kustomize.toolkit.fluxcd.io/v1';
  readonly kind: 'Kustomization';
  readonly metadata: CrdObjectMeta;
  readonly spec: {
    readonly interval: string;
    readonly timeout?: string;
    readonly sourceRef: { readonly kind: 'GitRepository'; readonly name: string };
    readonly path: string;
    readonly prune: boolean;
    readonly targetNamespace?: string;
    readonly healthChecks?: FluxObjectRef[];
    readonly ignore?: FluxIgnoreRule[];
  };
}

/** argoproj.io/v1alpha1 Application `.spec.ignoreDifferences[]`. */
export interface ArgoIgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly jsonPointers: string[];
}

/** argoproj.io/v1alpha1 Application. */
export interface Application {
  readonly apiVersion: 'argoproj.io/v1alpha1';
  readonly kind: 'Application';
  readonly metadata: CrdObjectMeta;
  readonly spec: {
    readonly project: string;
    readonly source: { readonly repoURL: string; readonly targetRevision: string; readonly path: string };
    readonly destination: { readonly server: string; readonly namespace: string };
    readonly syncPolicy: {
      readonly automated: { readonly prune: boolean; readonly selfHeal: boolean };
      readonly syncOptions: string[];
    };
    readonly ignoreDifferences?: ArgoIgnoreDifference[];
  };
}
