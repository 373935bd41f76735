import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { Environment, Ingress } from '../config/values';
import { ifSet } from './pod';

export interface IngressTarget {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly serviceName: string;
  readonly servicePort: number;
  readonly defaultTlsSecret: string;
}

/** The chart's networking.k8s.io/v1 Ingress for one Service, or undefined when disabled. */
export function ingressFor(env: Environment, ingress: Ingress, target: IngressTarget): IIngress | undefined {
  if (!ingress.enabled) return undefined;
  const host = ifSet(ingress.hostname) ?? undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: target.name, namespace: env.namespace, labels: target.labels, annotations: ifSet(ingress.annotations) ?? undefined },
    spec: {
      ingressClassName: ifSet(ingress.ingressClassName) ?? undefined,
      tls: ingress.tls ? [{ hosts: host ? [host] : undefined, secretName: ingress.secretName || target.defaultTlsSecret }] : undefined,
      rules: [{
        host,
        http: {
          paths: [{
            path: '/',
            pathType: ingress.pathType,
            backend: { service: { name: target.serviceName, port: { number: target.servicePort } } },
          }],
        },
      }],
    },
  };
}
