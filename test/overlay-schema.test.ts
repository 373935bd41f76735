import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { main as check } from '../charts/cli/check';
import { CommandFailed } from '../charts/cli/exit';
import { main as synth } from '../charts/cli/synth';
import { OVERLAY_SCHEMA_FILE, overlaySchemaText, partialSchema } from '../charts/config/overlay-schema';
import { AJV_OPTIONS } from '../charts/config/schema-validator';
import { captured, edit, REPO_ROOT, scratchProject } from './support/gitops-fixtures';

const ENVIRONMENTS = join(REPO_ROOT, 'environments');
const schema = JSON.parse(readFileSync(join(ENVIRONMENTS, 'schema.json'), 'utf8')) as Record<string, unknown>;

/** What an editor's JSON-schema validation says about a file (yaml-language-server runs the same draft-07 rules). */
function editorErrors(schemaFile: string, file: string): string[] {
  const validate = new Ajv({ ...AJV_OPTIONS, strict: false }).compile(JSON.parse(readFileSync(join(ENVIRONMENTS, schemaFile), 'utf8')));
  validate(parse(readFileSync(join(ENVIRONMENTS, file), 'utf8')));
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

describe('the schema for bases and overlays', () => {
  test('leaves every key of a mapping optional, but a list item complete', () => {
    const partial = JSON.stringify(partialSchema(schema));
    expect(JSON.stringify(schema)).toContain('"required":["namespace"]');
    expect(partial).not.toContain('"required":["namespace"]');
    expect(partial).not.toContain('"required":["project","location","name"]');
    // A list replaces the lower file's whole, so each item written must stand alone.
    expect(partial.match(/"required":\["name"\]/g)).toHaveLength(JSON.stringify(schema).match(/"required":\["name"\]/g)!.length);
  });

  test('the committed overlay.schema.json is what schema.json derives', () => {
    expect(readFileSync(join(ENVIRONMENTS, OVERLAY_SCHEMA_FILE), 'utf8')).toBe(overlaySchemaText(schema));
  });

  test('an editor accepts the shipped base and overlays with it, and would flag them with the complete schema', () => {
    for (const file of ['_base.yaml', 'dev.yaml', 'prod.yaml']) {
      expect(readFileSync(join(ENVIRONMENTS, file), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/overlay\.schema\.json\n/);
      expect(editorErrors(OVERLAY_SCHEMA_FILE, file)).toEqual([]);
    }
    expect(editorErrors('schema.json', '_base.yaml')).toEqual([
      "/ must have required property 'namespace'",
      "/cluster must have required property 'location'",
      "/cluster must have required property 'name'",
      "/gitops must have required property 'tool'",
    ]);
  });

  test('synth rewrites it when schema.json changes, and check fails until then', async () => {
    const root = await scratchProject('overlay-schema');
    edit(join(root, 'environments', 'schema.json'), '"description": "Marks a production environment:', '"description": "Marks a production environment (guardrails):');
    const stale = await captured(() => check([], root));
    expect(stale.error).toEqual(new CommandFailed('environments/overlay.schema.json is not what schema.json derives: run npm run synth and commit it'));
    const rendered = await captured(() => synth([], root));
    expect(rendered.out).toContain('wrote environments/overlay.schema.json (schema.json changed)\n');
    expect(readFileSync(join(root, 'environments', OVERLAY_SCHEMA_FILE), 'utf8')).toContain('Marks a production environment (guardrails):');
    expect((await captured(() => check([], root))).error).toBeUndefined();
  });
});
