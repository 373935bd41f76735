// Loads the rendered jupyter_server_config.py into Debian's Jupyter Server (python3-jupyter-server)
// on loopback, from a config folder as the pod mounts it, and logs in over HTTP; on each Debian
// generation (this machine's and the trixie root, whose Jupyter Server 2 is what the images run).
import { mkdirSync, writeFileSync } from 'fs';
import { request } from 'http';
import { join } from 'path';
import { DEFAULT_JUPYTER_PASSWORD_HASH } from '../charts/config/defaults';
import { DebianGeneration, DEBIAN_GENERATIONS } from './support/debian-generations';
import { jupyterPasswordHash } from '../charts/config/password-hash';
import { freePort, RunningProcess, runToEnd, waitForPort } from './support/processes';
import { renderText } from './support/render-fixtures';
import { describeWithPython } from './support/require-program';
import { tempDir } from './support/temp-dirs';

const PYTHON = '/usr/bin/python3';

interface Response { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function http(port: number, method: string, path: string, cookies: string[], body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Cookie: cookies.join('; ') };
    if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

function cookiesOf(response: Response): string[] {
  return ((response.headers['set-cookie'] as string[] | undefined) ?? []).map((cookie) => cookie.split(';')[0]);
}

/** Logs in with `password`; returns the status of an authenticated API call afterwards. */
async function logIn(port: number, password: string): Promise<number> {
  const form = await http(port, 'GET', '/login', []);
  const xsrf = cookiesOf(form);
  const token = xsrf.find((c) => c.startsWith('_xsrf='))!.slice('_xsrf='.length);
  const body = `password=${encodeURIComponent(password)}&_xsrf=${encodeURIComponent(token)}`;
  const login = await http(port, 'POST', '/login?next=%2Fapi%2Fstatus', xsrf, body);
  const status = await http(port, 'GET', '/api/status', [...xsrf, ...cookiesOf(login)]);
  return status.status;
}

async function startServer(generation: DebianGeneration, config: string): Promise<{ server: RunningProcess; port: number }> {
  const root = tempDir('dask-gitops-jupyter-');
  const mounted = join(root, 'etc-jupyter');
  mkdirSync(mounted);
  writeFileSync(join(mounted, 'jupyter_server_config.py'), config);
  const port = await freePort();
  const server = new RunningProcess('jupyter-server', ...generation.wrap(PYTHON, [
    '-m', 'jupyter_server', '--no-browser', '--allow-root', '--ip=127.0.0.1', `--port=${port}`, `--ServerApp.root_dir=${root}`,
  ]), {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      // The pod mounts the ConfigMap at /usr/local/etc/jupyter, a system config path; here the same file
      // is found through JUPYTER_CONFIG_PATH, and nothing from this machine's own Jupyter config is read.
      JUPYTER_CONFIG_PATH: mounted,
      JUPYTER_CONFIG_DIR: join(root, 'user-config'),
      JUPYTER_DATA_DIR: join(root, 'data'),
      JUPYTER_RUNTIME_DIR: join(root, 'runtime'),
      JUPYTER_PLATFORM_DIRS: '1',
    },
  });
  await waitForPort(port, 60000, server);
  return { server, port };
}

function renderedConfig(passwordHash: string): string {
  const objects = renderText(`namespace: a\ndask:\n  jupyter:\n    password: "${passwordHash}"\n    extraConfig: c.ServerApp.open_browser = False\n`);
  return objects.get('ConfigMap/dask-jupyter-config')!.data['jupyter_server_config.py'];
}

// One line per Jupyter Server generation; each must set the password on its own.
const SERVER_1_LINE = /^c\.ServerApp\.password = .*\n/m;
const SERVER_2_LINE = /^c\.PasswordIdentityProvider\.hashed_password = .*\n/m;

for (const generation of DEBIAN_GENERATIONS) {
  describeWithPython('rendered Jupyter config on the real Jupyter Server', generation, PYTHON, ['jupyter_server'], [], () => {
    const servers: RunningProcess[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
    });

    async function started(config: string): Promise<{ server: RunningProcess; port: number }> {
      const running = await startServer(generation, config);
      servers.push(running.server);
      return running;
    }

    test('the chart default sha1 hash lets "dask" in and keeps a wrong password out', async () => {
      const { port } = await started(renderedConfig(DEFAULT_JUPYTER_PASSWORD_HASH));
      expect(await logIn(port, 'dask')).toBe(200);
      expect(await logIn(port, 'not-the-password')).toBe(403);
    });

    test('an argon2 hash made by jupyter_server.auth.passwd works the same way', async () => {
      // The password goes to passwd() on stdin, never on a command line.
      const hash = (await runToEnd(...generation.wrap(PYTHON, ['-c', 'import sys; from jupyter_server.auth import passwd; print(passwd(sys.stdin.read()))']), 'correct horse')).trim();
      expect(hash).toMatch(/^argon2:/);
      const { port } = await started(renderedConfig(hash));
      expect(await logIn(port, 'correct horse')).toBe(200);
      expect(await logIn(port, 'dask')).toBe(403);
    });

    test('the line for this Jupyter Server version sets the password without the other', async () => {
      const version = (await runToEnd(...generation.wrap(PYTHON, ['-c', 'import jupyter_server; print(jupyter_server.__version__)']), '')).trim();
      const major = Number(version.split('.')[0]);
      if (generation.jupyterServerMajor !== undefined) expect({ version, major }).toEqual({ version, major: generation.jupyterServerMajor });
      const config = renderedConfig(DEFAULT_JUPYTER_PASSWORD_HASH);
      // Server 2 would also take ServerApp.password (with a deprecation warning), so it is removed
      // to show that PasswordIdentityProvider.hashed_password alone does the job; Server 1 has no
      // PasswordIdentityProvider, so there the 2.x line goes.
      const otherLine = major >= 2 ? SERVER_1_LINE : SERVER_2_LINE;
      expect(config).toMatch(otherLine);
      const { port } = await started(config.replace(otherLine, ''));
      expect(await logIn(port, 'dask')).toBe(200);
      expect(await logIn(port, 'not-the-password')).toBe(403);
    });

    test.each(['argon2', 'sha1'] as const)('a %s hash made by npm run password logs in', async (algorithm) => {
      const hash = await jupyterPasswordHash('made by the tool', algorithm);
      const { port } = await started(renderedConfig(hash));
      expect(await logIn(port, 'made by the tool')).toBe(200);
      expect(await logIn(port, 'made by the')).toBe(403);
    });
  });
}
