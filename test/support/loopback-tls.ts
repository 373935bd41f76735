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

/**
 * A folder holding an executable that STANDS IN FOR gke-gcloud-auth-plugin; put it first on PATH.
 * Like the real plugin on a machine where only Application Default Credentials exist (a CI job,
 * or a user who ran only `gcloud auth application-default login`): with
 * --use_application_default_credentials it hands out a token when GOOGLE_APPLICATION_CREDENTIALS
 * names a file; without the flag it asks gcloud for its login, which fails. The error texts
 * imitate the real plugin's.
 */
export function fakeAuthPluginDir(): string {
  const dir = tempDir('fake-auth-plugin-');
  const plugin = join(dir, 'gke-gcloud-auth-plugin');
  writeFileSync(plugin, `#!/bin/sh
# THIS IS NOT gke-gcloud-auth-plugin: a test stand-in that honours its ADC flag.
adc=no
for arg in "$@"; do [ "$arg" = "--use_application_default_credentials" ] && adc=yes; done
if [ "$adc" = no ]; then
  echo 'failed to retrieve access token: gcloud config config-helper: ERROR: (gcloud.config.config-helper) You do not currently have an active account selected. Please run: gcloud auth login' >&2
  exit 1
fi
if [ -z "$GOOGLE_APPLICATION_CREDENTIALS" ] || [ ! -f "$GOOGLE_APPLICATION_CREDENTIALS" ]; then
  echo 'google: could not find default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc for more information' >&2
  exit 1
fi
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"${FAKE_PLUGIN_TOKEN}"}}'
`);
  chmodSync(plugin, 0o755);
  return dir;
}

/** An Application Default Credentials file for the stand-in plugin to find (dummy values: nothing here is a credential). */
export function fakeAdcFile(): string {
  const file = join(tempDir('fake-adc-'), 'application_default_credentials.json');
  writeFileSync(file, JSON.stringify({ type: 'authorized_user', client_id: 'loopback-test', client_secret: 'not-a-secret', refresh_token: 'not-a-token' }));
  return file;
}
