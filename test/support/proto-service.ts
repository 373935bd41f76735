// A gRPC service definition from the .proto files a Google client library ships, for the
// loopback stand-ins (gke-server.ts, projects-server.ts). Parsed once per test file: a
// parse takes ~100 ms, and the stand-ins start once per test.
import { dirname, join } from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const parsed = new Map<string, grpc.ServiceDefinition>();

/**
 * The service at `servicePath` (e.g. `google.container.v1.ClusterManager`) in `protoFile`,
 * read from `library`'s build/protos. Its google/api, google/rpc and google/type imports
 * come with google-gax, the library's own dependency.
 */
export function protoService(library: string, protoFile: string, servicePath: string): grpc.ServiceDefinition {
  const key = `${library}:${protoFile}:${servicePath}`;
  let service = parsed.get(key);
  if (service === undefined) {
    const libraryDir = dirname(require.resolve(`${library}/package.json`));
    // google-gax exports no package.json: find its folder from its entry point, build/src/index.js.
    const gax = join(dirname(require.resolve('google-gax', { paths: [libraryDir] })), '..', '..');
    const definition = protoLoader.loadSync(protoFile, {
      includeDirs: [join(libraryDir, 'build', 'protos'), join(gax, 'build', 'protos')],
      keepCase: false,
      longs: String,
      enums: String,
      defaults: false,
      oneofs: true,
    });
    service = servicePath.split('.').reduce((node, part) => node[part], grpc.loadPackageDefinition(definition) as any).service as grpc.ServiceDefinition;
    parsed.set(key, service);
  }
  return service;
}
