// The schema for files that may be partial (bases, and environments that extend one),
// derived from environments/schema.json so that there is one schema to edit.
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Written beside schema.json by synth, checked by check; overlay files name it for editors. */
export const OVERLAY_SCHEMA_FILE = 'overlay.schema.json';

/**
 * schema.json without `required` on mappings: a base or an overlay may leave any key
 * to the other files of its chain (the merged result is checked against schema.json).
 * List items keep theirs: a list replaces the lower file's whole, so each item written
 * must be complete.
 */
export function partialSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const partial = withoutRequired(schema, false) as Record<string, unknown>;
  return {
    ...partial,
    $id: String(schema.$id).replace(/environment\.schema\.json$/, 'environment-overlay.schema.json'),
    title: `${String(schema.title)} (base or overlay: any key may come from the file it extends)`,
  };
}

function withoutRequired(node: unknown, inListItem: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutRequired(item, inListItem));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' && !inListItem) continue;
    out[key] = withoutRequired(value, inListItem || key === 'items');
  }
  return out;
}

/** The file's text: stable bytes, so that check can compare it. */
export function overlaySchemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(partialSchema(schema), null, 2)}\n`;
}

/**
 * The overlay schema beside the environments folder's schema.json, as it should read
 * and as it does (undefined when absent); undefined expected when there is no schema.json.
 */
export function overlaySchemaState(environmentsDir: string): { file: string; expected?: string; actual?: string } {
  const schemaFile = join(environmentsDir, 'schema.json');
  const file = join(environmentsDir, OVERLAY_SCHEMA_FILE);
  if (!existsSync(schemaFile)) return { file };
  const expected = overlaySchemaText(JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>);
  return { file, expected, actual: existsSync(file) ? readFileSync(file, 'utf8') : undefined };
}

/** Rewrites the overlay schema when schema.json changed; true when it wrote. */
export function writeOverlaySchema(environmentsDir: string): boolean {
  const { file, expected, actual } = overlaySchemaState(environmentsDir);
  if (expected === undefined || expected === actual) return false;
  writeFileSync(file, expected);
  return true;
}
