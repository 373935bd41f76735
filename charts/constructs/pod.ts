import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Image, PodValues } from '../config/values';

// cdk8s drops undefined fields when it renders, so "not set" is simply undefined here.

/** The chart's `{{- with x }}`: empty maps, lists, strings and null render nothing. */
export function ifSet<T>(value: T | null | undefined): T | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0) return undefined;
  return value;
}

/** Container fields every Dask and Jupyter container takes from its values. */
export function containerBase(name: string, image: Image, values: PodValues): IContainer {
  return {
    name,
    image: `${image.repository}:${image.tag}`,
    imagePullPolicy: ifSet(image.pullPolicy),
    resources: ifSet(values.resources) as IContainer['resources'],
    env: ifSet(values.env) as IContainer['env'],
    livenessProbe: ifSet(values.livenessProbe) as IContainer['livenessProbe'],
    readinessProbe: ifSet(values.readinessProbe) as IContainer['readinessProbe'],
  };
}

/** Pod-level scheduling and identity settings, rendered only when the environment sets them. */
export function podSettings(image: Image, values: PodValues, serviceAccountName?: string | null): Partial<IPodSpec> {
  return {
    imagePullSecrets: ifSet(image.pullSecrets) ?? undefined,
    nodeSelector: ifSet(values.nodeSelector) ?? undefined,
    securityContext: ifSet(values.securityContext) as IPodSpec['securityContext'],
    affinity: ifSet(values.affinity) as IPodSpec['affinity'],
    tolerations: ifSet(values.tolerations) as IPodSpec['tolerations'],
    serviceAccountName: ifSet(serviceAccountName) ?? undefined,
  };
}

