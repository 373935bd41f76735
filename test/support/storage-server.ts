// THIS IS NOT GOOGLE CLOUD STORAGE. A loopback HTTP stand-in for the two JSON API
// calls bucket grants make, buckets.getIamPolicy and buckets.setIamPolicy
// (GET/PUT /storage/v1/b/<bucket>/iam; also under /b/... as the storage library
// sends them when STORAGE_EMULATOR_HOST is set). It keeps one policy per bucket,
// checks etags as the real API does (412 on a stale one), records every request,
// and answers 404 for a bucket it does not hold.
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

export interface StoredPolicy {
  bindings: { role: string; members: string[]; condition?: unknown }[];
  etag: string;
  version: number;
}

export interface StorageRequest {
  readonly method: string;
  readonly bucket: string;
  readonly query: Record<string, string>;
  readonly body?: Record<string, any>;
}

export class StorageServer {
  public static async start(): Promise<StorageServer> {
    const fake = new StorageServer();
    fake.server = createServer((request, response) => fake.handle(request, response));
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The value for STORAGE_ENDPOINT (or the storage library's own STORAGE_EMULATOR_HOST). */
  public url = '';
  public readonly requests: StorageRequest[] = [];
  public readonly policies = new Map<string, StoredPolicy>();
  private server?: Server;
  private revision = 0;
  private faults: { method: string; status: number; message: string }[] = [];

  /** A bucket with these bindings. */
  public addBucket(name: string, bindings: StoredPolicy['bindings'] = []): void {
    this.policies.set(name, { bindings, etag: this.nextEtag(), version: 1 });
  }

  /** The next request with this method fails with an HTTP status, as the API reports errors. */
  public failNext(method: 'GET' | 'PUT', status: number, message: string): void {
    this.faults.push({ method, status, message });
  }

  /** Someone else writes the policy between bootstrap's read and write: its etag goes stale. */
  public touch(bucket: string): void {
    const policy = this.policies.get(bucket);
    if (policy) policy.etag = this.nextEtag();
  }

  public writes(): StorageRequest[] {
    return this.requests.filter((request) => request.method === 'PUT');
  }

  public membersOf(bucket: string, role: string): string[] {
    return this.policies.get(bucket)?.bindings.filter((binding) => binding.role === role && !binding.condition).flatMap((binding) => binding.members) ?? [];
  }

  public async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private nextEtag(): string {
    return Buffer.from(`etag-${++this.revision}`).toString('base64');
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://loopback');
      const json = (status: number, value: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const error = (status: number, message: string): void => json(status, { error: { code: status, message, errors: [{ message, domain: 'global' }] } });
      const match = /^(?:\/storage\/v1)?\/b\/([^/]+)\/iam$/.exec(url.pathname);
      if (!match) return error(404, `Not Found: ${url.pathname}`);
      const bucket = decodeURIComponent(match[1]);
      const method = request.method ?? 'GET';
      const body = text === '' ? undefined : JSON.parse(text) as Record<string, any>;
      this.requests.push({ method, bucket, query: Object.fromEntries(url.searchParams), body });
      const fault = this.faults.findIndex((candidate) => candidate.method === method);
      if (fault >= 0) {
        const [{ status, message }] = this.faults.splice(fault, 1);
        return error(status, message);
      }
      const policy = this.policies.get(bucket);
      if (!policy) return error(404, 'The specified bucket does not exist.');
      const answer = (): void => json(200, { kind: 'storage#policy', resourceId: `projects/_/buckets/${bucket}`, ...policy });
      if (method === 'GET') return answer();
      if (method !== 'PUT' || !body) return error(405, 'Method not allowed');
      if (body.etag !== undefined && body.etag !== policy.etag) return error(412, 'Precondition Failed');
      policy.bindings = body.bindings ?? [];
      policy.version = body.version ?? 1;
      policy.etag = this.nextEtag();
      return answer();
    });
  }
}
