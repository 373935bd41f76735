// The kubeconfig entries `gcloud container clusters get-credentials` writes:
// same names, the cluster's endpoint and CA, and the gke-gcloud-auth-plugin exec
// user (no token is ever written). Other entries are left exactly as they were.
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'fs';
import { homedir } from 'os';
import { delimiter, dirname, join } from 'path';
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { ClusterSpec } from '../charts/config/values';
import { CommandFailed } from '../charts/cli/exit';
import type { Cluster } from './gke-client';

export const AUTH_PLUGIN = 'gke-gcloud-auth-plugin';
/**
 * What gcloud adds when container/use_application_default_credentials is set: the plugin
 * then takes its token from Application Default Credentials, the identity bootstrap's own
 * GKE calls use, instead of `gcloud config config-helper` (which needs `gcloud auth login`).
 */
const AUTH_PLUGIN_ADC_FLAG = '--use_application_default_credentials';
const INSTALL_HINT = `Install ${AUTH_PLUGIN} for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin`;

/** The file kubectl writes to: the first entry of KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPath(environment: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const first = (environment.KUBECONFIG ?? '').split(delimiter).find((entry) => entry !== '');
  return first ?? join(home, '.kube', 'config');
}

/** gcloud's name for the cluster, context and user entries. */
export function contextName(spec: ClusterSpec): string {
  return `gke_${spec.project}_${spec.location}_${spec.name}`;
}

export interface ClusterAccess {
  readonly server: string;
  /** The cluster CA, base64 PEM as GKE returns it. */
  readonly certificateAuthorityData: string;
}

export function accessOf(cluster: Cluster): ClusterAccess {
  const endpoint = cluster.endpoint;
  const ca = cluster.masterAuth?.clusterCaCertificate;
  if (!endpoint || !ca) {
    throw new CommandFailed(`cluster ${cluster.name ?? ''} has no endpoint or CA yet (status ${String(cluster.status)}): wait until it is RUNNING, then re-run`);
  }
  return { server: `https://${endpoint}`, certificateAuthorityData: ca };
}

/** The kubeconfig text with the three entries for `name` added or replaced, and made current. */
export function mergeContext(text: string | undefined, file: string, name: string, access: ClusterAccess): string {
  const doc = parseKubeconfig(text, file);
  upsert(doc, 'clusters', name, {
    cluster: { 'certificate-authority-data': access.certificateAuthorityData, server: access.server },
    name,
  });
  upsert(doc, 'contexts', name, { context: { cluster: name, user: name }, name });
  upsert(doc, 'users', name, {
    name,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args: [AUTH_PLUGIN_ADC_FLAG],
        command: AUTH_PLUGIN,
        installHint: INSTALL_HINT,
        provideClusterInfo: true,
      },
    },
  });
  doc.set('current-context', name);
  return doc.toString();
}

/** The text without the entries for `name` (as gcloud does on cluster delete), or undefined if it had none. */
export function removeContext(text: string | undefined, file: string, name: string): string | undefined {
  if (text === undefined || !hasContext(text, file, name)) return undefined;
  const doc = parseKubeconfig(text, file);
  for (const key of ['clusters', 'contexts', 'users']) {
    const seq = doc.get(key);
    if (isSeq(seq)) seq.items = seq.items.filter((item) => !(isMap(item) && item.get('name') === name));
  }
  if (doc.get('current-context') === name) doc.set('current-context', '');
  return doc.toString();
}

export function hasContext(text: string | undefined, file: string, name: string): boolean {
  if (text === undefined) return false;
  const contexts = parseKubeconfig(text, file).get('contexts');
  return isSeq(contexts) && contexts.items.some((item) => isMap(item) && item.get('name') === name);
}

/** Whether the kubeconfig file of `target` holds its context: what a step needs to reach the cluster. */
export function targetInKubeconfig(target: { readonly kubeconfig: string; readonly context: string }): boolean {
  return hasContext(readKubeconfig(target.kubeconfig), target.kubeconfig, target.context);
}

export function readKubeconfig(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Rewrites the kubeconfig through `change` (which returns undefined for "no change"):
 * under kubectl's lock file, into a temporary file beside it, then renamed over it,
 * so a crash or a concurrent kubectl never sees half a file.
 */
export async function updateKubeconfig(file: string, change: (text: string | undefined) => string | undefined): Promise<boolean> {
  const target = existsSync(file) && lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const release = await lock(`${target}.lock`);
  try {
    const next = change(readKubeconfig(target));
    if (next === undefined) return false;
    writeAtomically(target, next, existsSync(target) ? statSync(target).mode & 0o777 : 0o600);
    return true;
  } finally {
    release();
  }
}

function parseKubeconfig(text: string | undefined, file: string): Document {
  if (text === undefined || text.trim() === '') {
    return new Document({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], contexts: [], users: [], 'current-context': '' });
  }
  const doc: Document = parseDocument(text);
  if (doc.errors.length > 0 || !(isMap(doc.contents) || doc.contents === null)) {
    const reason = doc.errors[0]?.message.split('\n')[0].replace(/:$/, '') ?? 'it is not a mapping';
    throw new CommandFailed(`cannot read the kubeconfig ${file} (${reason}); it was left untouched`);
  }
  if (doc.contents === null) doc.contents = new YAMLMap();
  return doc;
}

function upsert(doc: Document, key: string, name: string, entry: Record<string, unknown>): void {
  const node = doc.createNode(entry);
  const seq = doc.get(key);
  if (!isSeq(seq)) {
    const fresh = new YAMLSeq();
    fresh.items.push(node);
    doc.set(key, fresh);
    return;
  }
  const index = seq.items.findIndex((item) => isMap(item) && item.get('name') === name);
  if (index >= 0) seq.items[index] = node;
  else seq.items.push(node);
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(temporary, 'w', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw new CommandFailed(`cannot write the kubeconfig ${file}: ${(error as Error).message}`);
  }
}

/** kubectl's and client-go's convention: <file>.lock, created exclusively. */
async function lock(lockFile: string): Promise<() => void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      closeSync(openSync(lockFile, 'wx', 0o600));
      return () => {
        if (existsSync(lockFile)) unlinkSync(lockFile);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new CommandFailed(`the kubeconfig is locked by another program (${lockFile} exists); if none is running, remove that file and re-run`);
}
