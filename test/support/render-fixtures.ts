import { App } from 'cdk8s';
import { DaskEnvironment } from '../../charts/constructs/dask-environment';
import { manifestsOf } from '../../charts/render';
import { loadText } from './environment-fixtures';

/** Renders an environment file's text in memory and indexes the objects by `Kind/name`. */
export function renderText(text: string): Map<string, Record<string, any>> {
  const env = loadText(text);
  const chart = new DaskEnvironment(new App(), env.name, { env });
  return new Map(manifestsOf(chart).map((m) => [`${m.kind}/${m.metadata.name}`, m]));
}

/** The first container of a Deployment's pod template. */
export function containerOf(deployment: Record<string, any>): Record<string, any> {
  return deployment.spec.template.spec.containers[0];
}
