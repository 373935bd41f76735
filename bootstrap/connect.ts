// `npm run connect -- --env <name>`: how to reach an environment's Jupyter, Dask
// dashboard and scheduler, as the chart's NOTES.txt says after an install. It reads
// the rendered objects in dist/<env>/ (what review saw and the controller applies)
// and, when the kubeconfig has the cluster's context and the cluster answers, the
// live Ingress and LoadBalancer addresses. Offline it prints what it can.
import { join, resolve } from 'path';
import { CommandSpec, helpText, parseCommandLine, singleValue } from '../charts/cli/flags';
import { DASHBOARD_PORT, SCHEDULER_PORT } from '../charts/config/command-flags';
import { JUPYTER_PORT } from '../charts/constructs/jupyter';
import { resolveEnvironmentFile } from '../charts/config/environment-files';
import { loadEnvironment } from '../charts/config/load-environment';
import { Environment } from '../charts/config/values';
import { readDistFolder, staleReason } from './dist-folders';
import { KubeClient, KubeTarget, ManifestObject } from './kube-client';
import { contextName, kubeconfigPath, targetInKubeconfig } from './kubeconfig';
import { Kubectl } from './kubectl';
import { Output } from './output';

export const CONNECT_COMMAND: CommandSpec = {
  command: 'npm run connect --',
  summary: 'Prints how to reach an environment\'s Jupyter, Dask dashboard and scheduler: port-forward commands, Ingress and LoadBalancer addresses, and the Python line that connects a client.',
  flags: {
    '--env': { value: '<name>', help: 'the environment\'s name, such as --env dev for environments/dev.yaml (or .yml), or a path to its file', required: true },
    '--dist': { value: '<dir>', help: 'where synth rendered <env>/ (default: dist)' },
  },
  details: `It reads dist/<env>/ and, when the kubeconfig (KUBECONFIG, else ~/.kube/config) has the
cluster's context (npm run bootstrap -- credentials --env <name>), asks the cluster for the live
Ingress and LoadBalancer addresses. It changes nothing.`,
};

export interface ConnectDependencies {
  readonly out: Output;
  readonly kube: KubeClient;
  /** The kubeconfig file read. */
  readonly kubeconfig: string;
}

export async function main(args: string[], overrides: Partial<ConnectDependencies> = {}, cwd: string = process.cwd()): Promise<void> {
  const parsed = parseCommandLine(args, CONNECT_COMMAND);
  const out = overrides.out ?? new Output(process.stdout, process.stderr);
  if (parsed.help) {
    out.line(helpText(CONNECT_COMMAND));
    return;
  }
  const env = loadEnvironment(resolveEnvironmentFile(singleValue(parsed, '--env') as string, cwd));
  const distRoot = resolve(cwd, singleValue(parsed, '--dist') ?? 'dist');
  const objects = readDistFolder(join(distRoot, env.name));
  const stale = staleReason(env, distRoot, env.name);
  if (stale) out.warn(`${stale} (shown: what dist/ holds)`);
  const deps = { kube: new Kubectl(), kubeconfig: kubeconfigPath(), ...overrides, out };
  const target = env.cluster ? { kubeconfig: deps.kubeconfig, context: contextName(env.cluster) } : undefined;
  const live = await liveObjects(deps, env, target);
  for (const line of connectText(env, objects, target, live)) out.line(line);
}

/** The live Services and Ingresses, or why they could not be read. */
export type Live = { readonly objects: ManifestObject[] } | { readonly reason: string };

async function liveObjects(deps: ConnectDependencies, env: Environment, target: KubeTarget | undefined): Promise<Live> {
  if (!target) return { reason: `${env.file} has no cluster: section, so kubectl uses your current context` };
  if (!targetInKubeconfig(target)) {
    return { reason: `the kubeconfig ${target.kubeconfig} has no context ${target.context}: run \`npm run bootstrap -- credentials --env ${env.name}\`` };
  }
  try {
    const services = await deps.kube.list('services', target, undefined, env.namespace);
    const ingresses = await deps.kube.list('ingresses.networking.k8s.io', target, undefined, env.namespace);
    return { objects: [...services, ...ingresses] };
  } catch (error) {
    return { reason: `the cluster did not answer (${(error as Error).message.split('\n')[0]})` };
  }
}

const COMPONENT = 'app.kubernetes.io/component';

function componentOf(object: ManifestObject): string | undefined {
  return ((object.metadata.labels ?? {}) as Record<string, string>)[COMPONENT];
}

interface ServicePort {
  readonly port: number;
  readonly targetPort?: number | string;
}

/** Everything printed, line by line: rendered objects first, live addresses where known. */
export function connectText(env: Environment, objects: readonly ManifestObject[], target: KubeTarget | undefined, live: Live): string[] {
  const find = (kind: string, component: string) => objects.find((object) => object.kind === kind && componentOf(object) === component);
  const liveOf = (object: ManifestObject | undefined) => ('objects' in live && object
    ? live.objects.find((candidate) => candidate.kind === object.kind && candidate.metadata.name === object.metadata.name)
    : undefined);
  const kubectl = `kubectl${target ? ` --context ${target.context}` : ''} --namespace ${env.namespace}`;
  const lines = [
    `${env.name}: namespace ${env.namespace}${target ? ` on context ${target.context}` : ''}`,
    'objects' in live ? '(from dist/ and the live cluster)' : `(from dist/ only: ${live.reason})`,
  ];

  const jupyter = find('Service', 'jupyter');
  lines.push('', 'Jupyter');
  if (!jupyter) {
    lines.push('  not enabled in this environment (dask.jupyter.enabled is false)');
  } else {
    const port = portTo(jupyter, JUPYTER_PORT);
    lines.push(`  ${kubectl} port-forward service/${jupyter.metadata.name} 8888:${port}`);
    const hint = env.dask.jupyter.passwordHint ? ` (password hint: ${env.dask.jupyter.passwordHint})` : '';
    lines.push(`  then open http://localhost:8888${hint}`);
    lines.push(...addresses(find('Ingress', 'jupyter'), jupyter, liveOf, port));
    if (env.dask.jupyter.replicas === 0) lines.push('  note: dask.jupyter.replicas is 0, so no Jupyter pod runs');
  }

  const scheduler = find('Service', 'scheduler');
  lines.push('', 'Dask dashboard and scheduler');
  if (!scheduler) {
    const url = env.dask.worker.custom_scheduler_url;
    lines.push(`  this environment runs no scheduler${url ? `: its workers use ${url}` : ''}`);
    return lines;
  }
  const comm = portTo(scheduler, SCHEDULER_PORT);
  const dashboard = portTo(scheduler, DASHBOARD_PORT);
  lines.push(`  ${kubectl} port-forward service/${scheduler.metadata.name} 8786:${comm} 8787:${dashboard}`);
  lines.push('  then open http://localhost:8787/status for the dashboard, and connect a client from Python:');
  lines.push('    from dask.distributed import Client; client = Client("tcp://localhost:8786")');
  const tag = imageTag(objects.find((object) => object.kind === 'Deployment' && componentOf(object) === 'scheduler'));
  if (tag) lines.push(`  (your Python needs the cluster's Dask version: pip install "dask[distributed]==${tag}")`);
  if (jupyter) lines.push(`  In a notebook on this environment's Jupyter, Client() finds the scheduler by itself (DASK_SCHEDULER_ADDRESS).`);
  lines.push(...addresses(find('Ingress', 'scheduler'), scheduler, liveOf, dashboard, '/status', comm));
  return lines;
}

/** The Service port that forwards to a container port. */
function portTo(service: ManifestObject, containerPort: number): number {
  const ports = ((service.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []);
  return (ports.find((port) => port.targetPort === containerPort) ?? ports[0])?.port ?? containerPort;
}

/** Lines for an Ingress host and a LoadBalancer address, live where the cluster answered. */
function addresses(ingress: ManifestObject | undefined, service: ManifestObject, liveOf: (object: ManifestObject | undefined) => ManifestObject | undefined, port: number, path = '', clientPort?: number): string[] {
  const lines: string[] = [];
  if (ingress) {
    const spec = ingress.spec as { rules?: { host?: string }[]; tls?: unknown[] };
    const host = spec.rules?.[0]?.host;
    const scheme = spec.tls && spec.tls.length > 0 ? 'https' : 'http';
    const address = loadBalancerAddress(liveOf(ingress));
    const where = address === undefined ? '' : address ? ` (its load balancer: ${address}; point ${host ?? 'the host'}'s DNS there)` : ' (no address yet: the Ingress controller has not given it one)';
    lines.push(`  Ingress: ${host ? `${scheme}://${host}/` : `the Ingress ${ingress.metadata.name}, which names no host`}${path && host ? path.slice(1) : ''}${where}`);
  }
  if ((service.spec as { type?: string } | undefined)?.type === 'LoadBalancer') {
    const address = loadBalancerAddress(liveOf(service));
    const client = address && clientPort ? `, and Client("tcp://${address}:${clientPort}") (anyone who reaches it can run code on the cluster)` : '';
    lines.push(address ? `  LoadBalancer: http://${address}:${port}${path}${client}` : `  LoadBalancer: ${address === undefined ? 'its address shows once the cluster answers' : 'address pending'}`);
  }
  return lines;
}

/** The live object's first load-balancer IP or host name; '' when it has none yet; undefined without a live object. */
function loadBalancerAddress(live: ManifestObject | undefined): string | undefined {
  if (!live) return undefined;
  const entry = (live.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress?.[0];
  return entry?.ip ?? entry?.hostname ?? '';
}

function imageTag(deployment: ManifestObject | undefined): string | undefined {
  const image = (deployment?.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers?.[0]?.image;
  return image?.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
}
