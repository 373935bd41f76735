import { createHash } from 'crypto';
import { JupyterValues } from '../config/values';

/** Where the official images' Jupyter looks for system-wide config (a jupyter_config_path entry). */
export const JUPYTER_CONFIG_DIR = '/usr/local/etc/jupyter';
export const JUPYTER_CONFIG_FILE = 'jupyter_server_config.py';

/**
 * jupyter_server_config.py for the password hash. The chart writes
 * c.NotebookApp.password to jupyter_notebook_config.py, which JupyterLab on
 * Jupyter Server ignores (dask/helm-chart#512). Server 1.x reads
 * ServerApp.password; 2.x reads PasswordIdentityProvider.hashed_password.
 * The hash was checked against the accepted formats when the file was loaded,
 * so it holds no quote or backslash.
 */
export function jupyterServerConfig(values: JupyterValues): string {
  const lines = [
    'c = get_config()  # noqa: F821',
    '',
    '# Jupyter Server 1.x',
    `c.ServerApp.password = '${values.password}'`,
    '# Jupyter Server 2.x',
    `c.PasswordIdentityProvider.hashed_password = '${values.password}'`,
  ];
  if (values.extraConfig) lines.push('', '# jupyter.extraConfig follows below', values.extraConfig);
  return `${lines.join('\n')}\n`;
}

/** A short digest of the config, put on the pod template so that a config change restarts Jupyter. */
export function configChecksum(config: string): string {
  return createHash('sha256').update(config).digest('hex');
}
