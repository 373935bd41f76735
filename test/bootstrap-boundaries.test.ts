// The GKE client (and gRPC) load only when a step needs GKE: the
// Kubernetes-only steps never pay for them.
// This file avoids test/support/bootstrap-fixtures: its loopback GKE server loads gRPC.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from './support/temp-dirs';

const mockLoaded: string[] = [];
jest.mock('@google-cloud/container', () => {
  mockLoaded.push('@google-cloud/container');
  return jest.requireActual('@google-cloud/container');
});
jest.mock('@google-cloud/storage', () => {
  mockLoaded.push('@google-cloud/storage');
  return jest.requireActual('@google-cloud/storage');
});
jest.mock('@google-cloud/resource-manager', () => {
  mockLoaded.push('@google-cloud/resource-manager');
  return jest.requireActual('@google-cloud/resource-manager');
});
jest.mock('@grpc/grpc-js', () => {
  mockLoaded.push('@grpc/grpc-js');
  return jest.requireActual('@grpc/grpc-js');
});

const SAVED_ENDPOINT = process.env.GKE_ENDPOINT;
afterEach(() => {
  if (SAVED_ENDPOINT === undefined) delete process.env.GKE_ENDPOINT;
  else process.env.GKE_ENDPOINT = SAVED_ENDPOINT;
});

const ENVIRONMENT = `namespace: dask-test
cluster:
  project: demo-project
  location: us-central1-a
  name: dask-dev
  admins: [alice@example.com]
`;

function environmentFile(): string {
  const dir = join(tempDir('bootstrap-boundaries-'), 'environments');
  mkdirSync(dir);
  writeFileSync(join(dir, 'dev.yaml'), ENVIRONMENT);
  return join(dir, 'dev.yaml');
}

async function runMain(args: string[]): Promise<unknown> {
  const { main } = await import('../bootstrap/cli');
  const { Output } = await import('../bootstrap/output');
  const { DEFAULT_TIMING } = await import('../bootstrap/context');
  const ignore = { write: () => true };
  return main(args, {
    out: new Output(ignore, ignore),
    prompt: { interactive: false, ask: async () => '' },
    timing: { ...DEFAULT_TIMING, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
  }).then(() => undefined, (error: unknown) => error);
}

describe('module boundaries', () => {
  it('rendering an environment with dataAccess loads no Google client', async () => {
    const { renderEnvironments } = await import('../charts/render');
    const { loadEnvironment } = await import('../charts/config/load-environment');
    const file = environmentFile();
    writeFileSync(file, `${ENVIRONMENT}dataAccess: {buckets: [{name: team-data, access: read}]}\n`);
    expect(renderEnvironments([loadEnvironment(file)]).map((folder) => folder.folder)).toEqual(['dev', 'bootstrap/dev']);
    expect(mockLoaded).toEqual([]);
  });

  it('loading the command and planning the access step loads neither the GKE client nor gRPC', async () => {
    expect(await runMain(['access', '--plan', '--env', environmentFile()])).toBeUndefined();
    expect(mockLoaded).toEqual([]);
  });

  it('the cluster step loads the GKE client when it first calls GKE', async () => {
    process.env.GKE_ENDPOINT = '127.0.0.1:1'; // nothing listens there: the call fails at once
    const error = await runMain(['cluster', '--plan', '--env', environmentFile()]);
    expect(String(error)).toMatch(/GKE did not answer listOperations/);
    expect(mockLoaded).toEqual(expect.arrayContaining(['@google-cloud/container', '@grpc/grpc-js']));
  });
});
