import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Environment, Image, PodValues } from '../config/values';
import { automountToken, containerSecurityContext, podSecurityContext } from './lockdown';

// cdk8s drops undefined fields when it renders, so "not set" is simply undefined here.

/** The chart's `{{- with x }}`: empty maps, lists, strings and null render nothing. */
export function ifSet<T>(value: T | null | undefined): T | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0) return undefined;
  return value;
}

/** Container fields every Dask and Jupyter container takes from its values, and production's lockdown. */
export function containerBase(env: Environment, name: string, image: Image, values: PodValues): IContainer {
  return {
    name,
    image: `${image.repository}:${image.tag}`,
    imagePullPolicy: ifSet(image.pullPolicy),
    resources: ifSet(values.resources) as IContainer['resources'],
    env: ifSet(values.env) as IContainer['env'],
    livenessProbe: ifSet(values.livenessProbe) as IContainer['livenessProbe'],
    readinessProbe: ifSet(values.readinessProbe) as IContainer['readinessProbe'],
    securityContext: containerSecurityContext(env),
  };
}

/** What the pod runs as: the notebook image's user, or the Dask image's; and whether it talks to the Kubernetes API. */
export interface PodIdentity {
  readonly serviceAccountName?: string | null;
  readonly notebook: boolean;
  readonly usesKubernetesApi: boolean;
}

/**
 * Pod-level scheduling and identity settings, rendered only when the environment sets
 * them, with production's security context and service account token rules.
 */
export function podSettings(env: Environment, image: Image, values: PodValues, identity: PodIdentity): Partial<IPodSpec> {
  return {
    imagePullSecrets: ifSet(image.pullSecrets) ?? undefined,
    nodeSelector: ifSet(values.nodeSelector) ?? undefined,
    securityContext: podSecurityContext(env, values.securityContext, identity.notebook),
    automountServiceAccountToken: automountToken(env, identity.usesKubernetesApi),
    affinity: ifSet(values.affinity) as IPodSpec['affinity'],
    tolerations: ifSet(values.tolerations) as IPodSpec['tolerations'],
    serviceAccountName: ifSet(identity.serviceAccountName) ?? undefined,
  };
}

export interface DeploymentParts {
  readonly name: string;
  readonly namespace: string;
  /** Labels on the Deployment itself. */
  readonly labels: Record<string, string>;
  /** Labels the Deployment selects on; also put on its pods. */
  readonly selector: Record<string, string>;
  readonly replicas?: number;
  readonly strategy: NonNullable<IDeployment['spec']>['strategy'];
  readonly podAnnotations?: Record<string, string>;
  readonly pod: IPodSpec;
}

/** The Deployment shell all three components share; each supplies its pod. */
export function deploymentOf(parts: DeploymentParts): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: parts.name, namespace: parts.namespace, labels: parts.labels },
    spec: {
      replicas: parts.replicas,
      selector: { matchLabels: parts.selector },
      strategy: parts.strategy,
      template: {
        metadata: { labels: parts.selector, annotations: parts.podAnnotations },
        spec: parts.pod,
      },
    },
  };
}
