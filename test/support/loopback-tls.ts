// A throwaway certificate for 127.0.0.1 (made with openssl), and a stand-in for
// gke-gcloud-auth-plugin, so kubectl talks TLS to a loopback server with the
// same kubeconfig the credentials step writes for GKE.
import { execFileSync } from 'child_process';
import { chmodSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from './temp-dirs';

export interface LoopbackCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate as GKE returns a cluster CA: base64 of the PEM. */
  readonly caBase64: string;
}

/** Needs the openssl program; tests that use it skip or fail through require-program. */
export function loopbackCertificate(): LoopbackCertificate {
  const dir = tempDir('loopback-tls-');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert, caBase64: Buffer.from(cert).toString('base64') };
}

/** The bearer token the fake plugin hands kubectl: not a secret, and proof the exec plugin ran. */
export const FAKE_PLUGIN_TOKEN = 'loopback-test-token';

/** A folder holding an executable gke-gcloud-auth-plugin that prints a fixed ExecCredential; put it first on PATH. */
export function fakeAuthPluginDir(): string {
  const dir = tempDir('fake-auth-plugin-');
  const plugin = join(dir, 'gke-gcloud-auth-plugin');
  writeFileSync(plugin, `#!/bin/sh\necho '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"${FAKE_PLUGIN_TOKEN}"}}'\n`);
  chmodSync(plugin, 0o755);
  return dir;
}
