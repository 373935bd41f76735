// THIS IS NOT A KUBERNETES API SERVER. It stands in for one in tests: a loopback
// HTTPS server that answers just enough of the API for kubectl (version,
// discovery, OpenAPI v3 for field validation, get / server-side apply / delete
// of single objects) and records every request, so tests can assert what
// bootstrap asked of the cluster.
import { createServer, Server } from 'https';
import { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { parse } from 'yaml';
import { DEFAULT_CONTROLLER_VERSION } from '../../charts/gitops/controller-versions';

interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType?: string;
  readonly authorization?: string;
  readonly body?: Record<string, any>;
}

const BUILT_IN: ResourceType[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false },
];

const FLUX: ResourceType[] = [
  { group: 'source.toolkit.fluxcd.io', version: 'v1', kind: 'GitRepository', plural: 'gitrepositories', namespaced: true },
  { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization', plural: 'kustomizations', namespaced: true },
];

/** The cluster's Kubernetes version in both fakes (this stand-in and FakeKube): one every pinned controller release supports. */
export const KUBERNETES_VERSION = 'v1.35.2-gke.1000';

/** A Flux controller's Deployment as `flux install` leaves it, labelled with its release. */
export function fluxControllerDeployment(name: string, version: string) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': version } } };
}

function groupVersionPath(type: ResourceType): string {
  return type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
}

export class KubeApiServer {
  public static async start(tls: { key: string; cert: string }, events?: string[]): Promise<KubeApiServer> {
    const fake = new KubeApiServer(events);
    const server = createServer(tls, (request, response) => fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.server = server;
    fake.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** host:port, what the loopback GKE server reports as the cluster endpoint. */
  public address = '';
  public readonly requests: RecordedRequest[] = [];
  /** Stored objects by their API path. */
  public readonly objects = new Map<string, Record<string, any>>();
  /** What /version reports (gitVersion); tests set an old one to see bootstrap refuse it. */
  public kubernetesVersion = KUBERNETES_VERSION;
  private readonly types = [...BUILT_IN];
  private server?: Server;

  private constructor(private readonly events?: string[]) {}

  /** Serves the Flux kinds and holds their CRDs and controllers, as after `flux install`. */
  public installFlux(version = DEFAULT_CONTROLLER_VERSION.flux): void {
    this.types.push(...FLUX);
    for (const type of FLUX) this.seed({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${type.plural}.${type.group}` } });
    for (const name of ['source-controller', 'kustomize-controller']) this.seed(fluxControllerDeployment(name, version));
  }

  /** Stores an object as if it had been created, at the path the API serves it from. */
  public seed(object: Record<string, any>): void {
    const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', object.apiVersion];
    const type = this.types.find((candidate) => candidate.group === group && candidate.version === version && candidate.kind === object.kind);
    if (!type) throw new Error(`the stand-in does not serve ${object.apiVersion} ${object.kind}`);
    const namespace = type.namespaced ? `namespaces/${object.metadata.namespace}/` : '';
    this.objects.set(`/${groupVersionPath(type)}/${namespace}${type.plural}/${object.metadata.name}`, object);
  }

  /** Requests that change something. */
  public mutations(): RecordedRequest[] {
    return this.requests.filter((request) => !['GET', 'HEAD'].includes(request.method));
  }

  public async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'https://loopback');
      const body = text === '' ? undefined : parse(text) as Record<string, any>;
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body,
      };
      this.requests.push(recorded);
      if (recorded.method !== 'GET') this.events?.push(`kube:${recorded.method} ${recorded.path}`);
      this.answer(recorded, response);
    });
  }

  private answer(request: RecordedRequest, response: ServerResponse): void {
    const json = (code: number, value: unknown): void => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const notFound = (): void => json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
    const { path, method } = request;
    if (!request.authorization?.startsWith('Bearer ')) return json(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    if (path === '/version') {
      const [major, minor] = this.kubernetesVersion.replace(/^v/, '').split('.');
      return json(200, { major, minor, gitVersion: this.kubernetesVersion, platform: 'linux/amd64' });
    }
    if (path === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups() });
    if (path === '/openapi/v3') {
      const paths = Object.fromEntries([...new Set(this.types.map(groupVersionPath))].map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=0` }]));
      return json(200, { paths });
    }
    for (const gv of new Set(this.types.map(groupVersionPath))) {
      const types = this.types.filter((type) => groupVersionPath(type) === gv);
      if (path === `/openapi/v3/${gv}`) return json(200, openApiDocument(gv, types));
      if (path === `/${gv}`) {
        return json(200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: types[0].group ? `${types[0].group}/${types[0].version}` : types[0].version,
          resources: types.map((type) => ({ name: type.plural, singularName: type.kind.toLowerCase(), namespaced: type.namespaced, kind: type.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] })),
        });
      }
    }
    const stored = this.objects.get(path);
    if (method === 'GET' && !stored) {
      const list = this.list(path, request.query.labelSelector);
      if (list) return json(200, list);
    }
    if (method === 'GET') return stored ? json(200, stored) : notFound();
    if (method === 'PATCH' && request.contentType === 'application/apply-patch+yaml' && request.body) {
      const object = { ...request.body, metadata: { ...request.body.metadata, uid: `uid-${this.objects.size}`, resourceVersion: '1' } };
      this.objects.set(path, object);
      return json(stored ? 200 : 201, object);
    }
    if (method === 'DELETE') {
      if (!stored) return notFound();
      this.objects.delete(path);
      return json(200, stored);
    }
    return notFound();
  }

  /** A collection GET (`/api/v1/nodes`, `/api/v1/namespaces/x/services`), filtered by `key` or `key=value` selectors. */
  private list(path: string, labelSelector?: string): unknown {
    for (const type of this.types) {
      const gv = groupVersionPath(type);
      const match = new RegExp(`^/${gv}/(namespaces/([^/]+)/)?${type.plural}$`).exec(path);
      if (!match) continue;
      const prefix = match[1] ? `/${gv}/${match[1]}${type.plural}/` : `/${gv}/`;
      const items = [...this.objects.entries()]
        .filter(([key, object]) => key.startsWith(prefix) && key.endsWith(`/${type.plural}/${object.metadata?.name}`) && object.kind === type.kind)
        .map(([, object]) => object)
        .filter((object) => (labelSelector ?? '').split(',').filter((term) => term !== '').every((term) => {
          const [key, value] = term.split('=');
          const labels = object.metadata?.labels ?? {};
          return key in labels && (value === undefined || labels[key] === value);
        }));
      return { kind: `${type.kind}List`, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: '1' }, items };
    }
    return undefined;
  }

  private groups(): unknown[] {
    const groups = [...new Set(this.types.filter((type) => type.group).map((type) => type.group))];
    return groups.map((group) => {
      const version = this.types.find((type) => type.group === group)?.version ?? 'v1';
      const groupVersion = { groupVersion: `${group}/${version}`, version };
      return { name: group, versions: [groupVersion], preferredVersion: groupVersion };
    });
  }
}

/** Just enough OpenAPI v3 for kubectl to see that PATCH takes fieldValidation (server-side validation). */
function openApiDocument(gv: string, types: ResourceType[]): unknown {
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const namespace = type.namespaced ? 'namespaces/{namespace}/' : '';
    paths[`/${gv}/${namespace}${type.plural}/{name}`] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }, { name: 'fieldManager', in: 'query', schema: { type: 'string' } }],
        responses: {},
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths };
}
