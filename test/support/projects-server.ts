// THIS IS NOT GOOGLE CLOUD RESOURCE MANAGER. A loopback gRPC stand-in for its
// Projects.GetProject call, built from the .proto files
// @google-cloud/resource-manager ships, so the real client library runs against
// it. It knows the projects it is given; others get PERMISSION_DENIED, as the
// real service answers for a project that does not exist or cannot be seen.
import * as grpc from '@grpc/grpc-js';
import { protoService } from './proto-service';

export class ProjectsServer {
  public static async start(projects: Record<string, string>): Promise<ProjectsServer> {
    const fake = new ProjectsServer(projects);
    const server = new grpc.Server();
    server.addService(protoService('@google-cloud/resource-manager', 'google/cloud/resourcemanager/v3/projects.proto', 'google.cloud.resourcemanager.v3.Projects'), {
      getProject: (call: { request: { name: string } }, callback: (error: Partial<grpc.ServiceError> | null, value?: unknown) => void) => {
        fake.calls.push(call.request.name);
        const id = call.request.name.replace(/^projects\//, '');
        const number = fake.projects[id];
        if (number === undefined) {
          callback({ code: grpc.status.PERMISSION_DENIED, details: `Permission denied on resource project ${id}.` });
          return;
        }
        callback(null, { name: `projects/${number}`, projectId: id, state: 'ACTIVE', displayName: id });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    fake.server = server;
    fake.address = `127.0.0.1:${port}`;
    return fake;
  }

  /** host:port, the value for RESOURCE_MANAGER_ENDPOINT. */
  public address = '';
  /** The project names asked for, in order. */
  public readonly calls: string[] = [];
  private server?: grpc.Server;

  private constructor(private readonly projects: Record<string, string>) {}

  public async stop(): Promise<void> {
    this.server?.forceShutdown();
  }
}
