import { execFileSync, spawnSync } from 'child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { main } from '../charts/cli/synth';
import { InputError } from '../charts/config/errors';
import { fileTree } from './support/file-tree';
import { captured, scratchProject } from './support/gitops-fixtures';

const ROOT = join(__dirname, '..');

/** Runs a command's main with its output captured; a failure still fails the test. */
async function quietly(run: () => Promise<void>): Promise<void> {
  const { error } = await captured(run);
  if (error) throw error;
}

describe('npm run synth', () => {
  test('renders every environment, byte for byte the same on a second run', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    const first = fileTree(join(root, 'dist'));
    expect(Object.keys(first)).toContain('dev/kustomization.yaml');
    expect(Object.keys(first)).toContain('prod/deployment-dask-worker-high-mem.yaml');
    await quietly(() => main([], root));
    expect(fileTree(join(root, 'dist'))).toEqual(first);
  });

  test('the committed dist/ matches what the code renders', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    const committed = fileTree(join(ROOT, 'dist'));
    const rendered = fileTree(join(root, 'dist'));
    for (const file of Object.keys(rendered)) expect([file, committed[file]]).toEqual([file, rendered[file]]);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(rendered).sort());
  });

  test('--env renders one environment and leaves the others as they were', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    const prodBefore = readFileSync(join(root, 'dist/prod/deployment-dask-worker.yaml'), 'utf8');
    writeFileSync(join(root, 'environments/prod.yaml'), readFileSync(join(root, 'environments/prod.yaml'), 'utf8').replace('replicas: 6', 'replicas: 7'));
    writeFileSync(join(root, 'environments/dev.yaml'), readFileSync(join(root, 'environments/dev.yaml'), 'utf8').replaceAll('memory: 3G', 'memory: 2G'));
    await quietly(() => main(['--env', 'dev'], root));
    expect(readFileSync(join(root, 'dist/dev/deployment-dask-worker.yaml'), 'utf8')).toContain('memory: 2G');
    expect(readFileSync(join(root, 'dist/prod/deployment-dask-worker.yaml'), 'utf8')).toBe(prodBefore);
  });

  test('a bad environment file leaves dist/ untouched and names every problem', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    const before = fileTree(join(root, 'dist'));
    writeFileSync(join(root, 'environments/dev.yaml'), 'namespace: dask-dev\ndask:\n  worker:\n    replicas: -1\n');
    writeFileSync(join(root, 'environments/qa.yaml'), 'namespace: qa\nnamespace: qa2\n');
    const failure = main([], root);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/dev\.yaml:4:15: dask\.worker\.replicas: -1 is not allowed: must be >= 0/);
    await expect(failure).rejects.toThrow(/qa\.yaml:2:1: namespace: duplicate key "namespace" \(first at line 1\)/);
    expect(fileTree(join(root, 'dist'))).toEqual(before);
  });

  test('an unknown --env is refused with the available names', async () => {
    const root = await scratchProject('synth', false);
    await expect(main(['--env', 'staging'], root)).rejects.toThrow(`'--env' "staging": no such environment; available: dev, prod`);
  });

  test('two files for one environment are refused, naming both', async () => {
    const root = await scratchProject('synth', false);
    writeFileSync(join(root, 'environments/dev.yml'), 'namespace: other\n');
    await expect(main([], root)).rejects.toThrow(/environments\/dev\.yaml and .*environments\/dev\.yml both define the environment "dev": keep one/);
  });

  test('--env=dev, and --env dev given twice, render dev once', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main(['--env=dev'], root));
    const once = fileTree(join(root, 'dist'));
    expect(Object.keys(once)).toContain('dev/kustomization.yaml');
    expect(Object.keys(once).some((file) => file.startsWith('prod/'))).toBe(false);
    await quietly(() => main(['--env', 'dev', '--env', 'dev'], root));
    expect(fileTree(join(root, 'dist'))).toEqual(once);
  });

  test('an unknown flag is refused by name', async () => {
    await expect(main(['--force'], await scratchProject('synth', false))).rejects.toThrow("unknown option '--force'");
  });

  test.each([
    ['gitops', 'gitops/dev', 'has no gitops: section'],
    ['cluster', 'bootstrap/dev', 'has no cluster: section'],
  ])('removing the %s: section removes dist/%s/, under --env too, and says why', async (section, folder, why) => {
    for (const args of [[], ['--env', 'dev']]) {
      const root = await scratchProject('synth', false);
      await quietly(() => main([], root));
      const dev = readFileSync(join(root, 'environments/dev.yaml'), 'utf8');
      // The section runs from its key to the next blank line; null drops what the base adds to it.
      // dataAccess needs the cluster: it goes with it.
      const sections = section === 'cluster' ? ['cluster', 'dataAccess'] : [section];
      writeFileSync(join(root, 'environments/dev.yaml'), sections.reduce((text, name) => text.replace(new RegExp(`\\n${name}:\\n[\\s\\S]*?\\n\\n`), `\n${name}: null\n\n`), dev));
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await main(args, root);
        expect(log.mock.calls.flatMap((call) => String(call[0]).split('\n'))).toContain(`removed dist/${folder}/ (${join(root, 'environments/dev.yaml')} ${why})`);
      } finally {
        log.mockRestore();
      }
      expect(readdirSync(join(root, 'dist', folder.split('/')[0]))).not.toContain('dev');
      expect(readdirSync(join(root, 'dist', folder.split('/')[0]))).toContain('prod');
    }
  });

  test('--env leaves the folders of other environments alone when their sections go', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    const prod = readFileSync(join(root, 'environments/prod.yaml'), 'utf8');
    writeFileSync(join(root, 'environments/prod.yaml'), prod.replace(/\ngitops:\n[\s\S]*?\n\n/, '\ngitops: null\n\n'));
    await quietly(() => main(['--env', 'dev'], root));
    expect(readdirSync(join(root, 'dist/gitops'))).toEqual(['dev', 'prod']);
  });

  test('deleting an environment file removes its rendered folder', async () => {
    const root = await scratchProject('synth', false);
    await quietly(() => main([], root));
    rmSync(join(root, 'environments/dev.yaml'));
    await quietly(() => main([], root));
    expect(readdirSync(join(root, 'dist'))).not.toContain('dev');
    expect(readdirSync(join(root, 'dist'))).toContain('prod');
  });
});

describe('the synth command line', () => {
  test('an alias bomb is an ERROR line naming the file, exit 2, and other files\' problems are still reported', async () => {
    const root = await scratchProject('synth', false);
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(',')}]`)];
    writeFileSync(join(root, 'environments/bomb.yaml'), `${levels.join('\n')}\nnamespace: bomb\n`);
    writeFileSync(join(root, 'environments/qa.yaml'), 'namespace: qa\nnamespace: qa2\n');
    const run = spawnSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'ERROR environments/bomb.yaml: (top level): YAML aliases (*name) expand past 100 copies, as a resource-exhaustion "alias bomb" does: write the values out instead of nesting aliases',
      'ERROR environments/qa.yaml:2:1: namespace: duplicate key "namespace" (first at line 1): each key may appear once in a mapping',
      '2 problem(s) found; nothing was written.',
      '',
    ]);
  });

  test('an object over 1 MiB is refused at the value that makes it big', async () => {
    const root = await scratchProject('synth', false);
    const big = 'x'.repeat(1_200_000);
    writeFileSync(join(root, 'environments/big.yaml'), `namespace: big\ndask:\n  worker:\n    env:\n      - name: SMALL\n        value: "1"\n      - name: HUGE\n        value: ${big}\n`);
    const run = spawnSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist'), '--env', 'big'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'ERROR environments/big.yaml:8:16: dask.worker.env[1].value: renders dist/big/deployment-dask-worker.yaml of 1.1 MiB, over the 1.0 MiB this tool allows per object (etcd stores at most 1.5 MiB); this value is 1.1 MiB of it: move large data into a ConfigMap, a volume or the image',
      '1 problem(s) found; nothing was written.',
      '',
    ]);
  });

  test('exits 2 with ERROR lines on stderr and writes nothing', async () => {
    const root = await scratchProject('synth', false);
    execFileSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist')], { cwd: root, stdio: 'pipe' });
    const before = fileTree(join(root, 'dist'));
    writeFileSync(join(root, 'environments/dev.yaml'), 'namespace: dask-dev\ndask:\n  jupyter:\n    password: hunter2\n');
    const run = spawnSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('environments/dev.yaml:4:15: dask.jupyter.password: is not a password hash');
    expect(run.stderr).toContain('1 problem(s) found; nothing was written.');
    expect(run.stderr + run.stdout).not.toContain('hunter2');
    expect(fileTree(join(root, 'dist'))).toEqual(before);
  });

  test('prints warnings on stderr with file and line, writes the output and exits 0', async () => {
    const root = await scratchProject('synth', false);
    const run = spawnSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('WARNING '));
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toBe('WARNING environments/_base.yaml:30:5: dask.jupyter.password: is the chart\'s default hash, of the password "dask": anyone who reaches Jupyter runs code in the cluster; make a hash of your own password with npm run password; or accept it with acknowledge: [default-jupyter-password] (inherited by environment dev)');
    expect(warnings[5]).toMatch(/^WARNING environments\/prod\.yaml:53:15: dask\.worker\.env\[0\]\.name: EXTRA_PIP_PACKAGES makes every container start install packages/);
    expect(run.stderr).toContain('6 warning(s); accepted, and shown in npm run diff for review.');
    expect(run.stdout).toContain('rendered dist/prod/');
    expect(readdirSync(join(root, 'dist'))).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  test('strict: true turns the warnings into errors, and nothing is written', async () => {
    const root = await scratchProject('synth', false);
    const prod = join(root, 'environments/prod.yaml');
    writeFileSync(prod, `strict: true\n${readFileSync(prod, 'utf8')}`);
    const run = spawnSync(process.execPath, [join(ROOT, 'charts/run.js'), 'synth', '--environments', join(root, 'environments'), '--out', join(root, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^ERROR environments\/prod\.yaml:54:15: dask\.worker\.env\[0\]\.name: EXTRA_PIP_PACKAGES .* \(strict: true makes this warning an error\)$/m);
    expect(readdirSync(root)).not.toContain('dist');
  });
});
