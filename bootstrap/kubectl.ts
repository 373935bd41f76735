// The KubeClient on top of kubectl. kubectl is what the tutorial uses, it comes
// with the Google Cloud SDK next to gke-gcloud-auth-plugin, and it brings
// discovery, server-side apply and waiting on finalizers without a new dependency.
// Objects go through stdin and credentials through the kubeconfig's exec plugin:
// nothing secret is ever on a command line.
import { spawn } from 'child_process';
import { CommandFailed } from '../charts/cli/exit';
import { manifestYaml } from '../charts/manifest-yaml';
import { ADC_LOGIN_HELP } from './gke-errors';
import { KubeClient, KubeRef, KubeTarget, ManifestObject } from './kube-client';

/** Owner of the fields bootstrap sets, as server-side apply records it. */
export const FIELD_MANAGER = 'dask-gitops-bootstrap';

export interface KubectlOptions {
  /** @default 'kubectl' from PATH */
  readonly program?: string;
  /** Added to the environment of each run (tests point the discovery cache at a temp dir). */
  readonly env?: NodeJS.ProcessEnv;
}

export class Kubectl implements KubeClient {
  constructor(private readonly options: KubectlOptions = {}) {}

  public async apply(objects: readonly ManifestObject[], target: KubeTarget): Promise<string[]> {
    const out = await this.run(target, ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--request-timeout=60s', '-f', '-'], toYaml(objects));
    return lines(out);
  }

  public async delete(objects: readonly ManifestObject[], target: KubeTarget, timeoutSeconds: number): Promise<string[]> {
    const out = await this.run(target, ['delete', '--ignore-not-found', '--wait=true', `--timeout=${timeoutSeconds}s`, '-f', '-'], toYaml(objects));
    return lines(out);
  }

  public async exists(ref: KubeRef, target: KubeTarget): Promise<boolean> {
    const namespace = ref.namespace ? ['--namespace', ref.namespace] : [];
    const out = await this.run(target, ['get', ref.resource, ref.name, ...namespace, '--ignore-not-found', '--request-timeout=30s', '-o', 'name']);
    return out.trim() !== '';
  }

  public async list(resource: string, target: KubeTarget, labelSelector?: string, namespace?: string): Promise<ManifestObject[]> {
    const selector = labelSelector ? ['-l', labelSelector] : [];
    const inNamespace = namespace ? ['--namespace', namespace] : [];
    const out = await this.run(target, ['get', resource, ...selector, ...inNamespace, '--request-timeout=30s', '-o', 'json']);
    return ((JSON.parse(out) as { items?: ManifestObject[] }).items ?? []);
  }

  public async get(ref: KubeRef, target: KubeTarget): Promise<ManifestObject | undefined> {
    const namespace = ref.namespace ? ['--namespace', ref.namespace] : [];
    const out = await this.run(target, ['get', ref.resource, ref.name, ...namespace, '--ignore-not-found', '--request-timeout=30s', '-o', 'json']);
    return out.trim() === '' ? undefined : JSON.parse(out) as ManifestObject;
  }

  public async listInNamespace(resources: readonly string[], namespace: string, target: KubeTarget): Promise<ManifestObject[]> {
    const out = await this.run(target, ['get', resources.join(','), '--namespace', namespace, '--ignore-not-found', '--request-timeout=30s', '-o', 'json']);
    if (out.trim() === '') return [];
    const list = JSON.parse(out) as { items?: ManifestObject[] };
    return list.items ?? [];
  }

  public async serverVersion(target: KubeTarget): Promise<string> {
    const out = await this.run(target, ['version', '--output=json', '--request-timeout=30s']);
    const version = (JSON.parse(out) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
    if (!version) throw new CommandFailed(`kubectl version on context ${target.context} reported no server version`);
    return version;
  }

  private run(target: KubeTarget, args: string[], input?: string): Promise<string> {
    const program = this.options.program ?? 'kubectl';
    const argv = ['--kubeconfig', target.kubeconfig, '--context', target.context, ...args];
    const verb = args[0];
    return new Promise<string>((resolve, reject) => {
      const child = spawn(program, argv, { env: { ...process.env, ...this.options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT'
          ? new CommandFailed(`${program} was not found on PATH. Install it (gcloud components install kubectl, or your system's package), then re-run.`)
          : error);
      });
      // kubectl may exit before reading all of stdin (say, a bad kubeconfig): that is reported by its exit code.
      child.stdin.on('error', () => undefined);
      child.on('close', (code) => {
        if (code === 0) resolve(stdout);
        else reject(new CommandFailed(explainKubectlFailure(verb, target.context, code, stderr)));
      });
      child.stdin.end(input ?? '');
    });
  }
}

/** kubectl's words, less advice that misleads when the cause is a missing login. */
function explainKubectlFailure(verb: string, context: string, code: number | null, stderr: string): string {
  const credentials = credentialsHint(stderr);
  // kubectl blames validation when it cannot fetch the schema: turning validation off fixes nothing.
  const words = credentials ? stderr.replace(/;?\s*if you choose to ignore these errors, turn validation off with --validate=false/g, '') : stderr;
  return `kubectl ${verb} failed on context ${context} (exit ${code}): ${words.trim()}${credentials ?? hintFor(stderr)}`;
}

/** When the auth plugin could not get a token: which login is missing, and the command that fixes it. */
function credentialsHint(stderr: string): string | undefined {
  if (!/gke-gcloud-auth-plugin|getting credentials/i.test(stderr) || /not found|executable file/i.test(stderr)) return undefined;
  if (/config-helper|active account|gcloud auth login/i.test(stderr)) {
    return '\n  The context asks gke-gcloud-auth-plugin for your gcloud login (`gcloud auth login`), which this machine lacks.'
      + ' Bootstrap uses Application Default Credentials: re-run the credentials step to write the context that uses them'
      + ' (gcloud writes the same with `gcloud config set container/use_application_default_credentials true`).';
  }
  return '\n  gke-gcloud-auth-plugin could not get a token from Application Default Credentials, the login bootstrap uses for GKE and kubectl alike.'
    + ` ${ADC_LOGIN_HELP}`;
}

function hintFor(stderr: string): string {
  if (/gke-gcloud-auth-plugin.*(not found|executable file)/i.test(stderr)) {
    return '\n  Install the auth plugin: gcloud components install gke-gcloud-auth-plugin (or apt-get install google-cloud-cli-gke-gcloud-auth-plugin).';
  }
  if (/forbidden/i.test(stderr)) {
    return '\n  Your Google account lacks Kubernetes permission on this cluster: roles/container.admin on the project grants it.';
  }
  return '';
}

function toYaml(objects: readonly ManifestObject[]): string {
  return objects.map((object) => manifestYaml(object)).join('---\n');
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}
