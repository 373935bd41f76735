import type { ErrorObject } from 'ajv';
import { readFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { CONTROLLER_VERSION_ANNOTATION } from '../gitops/controller-versions';
import { crdSchemaFor, CrdLookup, isVendoredGroup, SchemaCheck } from './crd-schemas';

export type { SchemaCheck } from './crd-schemas';

/** A kubernetes-models class: its statics name what it models, its prototype validates. */
export interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: unknown): void };
}

/**
 * The check for an object: a custom kind against its vendored CRD (see crd-schemas.ts),
 * anything else against kubernetes-models; a problem when the apiVersion cannot be used;
 * undefined when nothing models the kind.
 */
export function schemaFor(apiVersion: string, kind: string, data: Record<string, unknown> = {}): CrdLookup | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (isVendoredGroup(group)) {
    const metadata = data.metadata as { annotations?: Record<string, unknown> } | undefined;
    const release = metadata?.annotations?.[CONTROLLER_VERSION_ANNOTATION];
    return crdSchemaFor(apiVersion, kind, typeof release === 'string' ? release : undefined);
  }
  const check = schemaCheckFor(apiVersion, kind);
  return check ? { check } : undefined;
}

// Checked before building a module path from file content, so a crafted apiVersion cannot reach other modules.
const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const cache = new Map<string, SchemaCheck | undefined>();

/** The kubernetes-models check for a core apiVersion/kind, or undefined when no installed package models it. */
export function schemaCheckFor(apiVersion: string, kind: string): SchemaCheck | undefined {
  const key = `${apiVersion} ${kind}`;
  if (!cache.has(key)) cache.set(key, findCheck(apiVersion, kind));
  return cache.get(key);
}

function findCheck(apiVersion: string, kind: string): SchemaCheck | undefined {
  const modulePath = modulePathOf(apiVersion, kind);
  const model = modulePath === undefined ? undefined : loadModel(modulePath, kind);
  return model && model.apiVersion === apiVersion && model.kind === kind ? checkOf(model) : undefined;
}

function modulePathOf(apiVersion: string, kind: string): string | undefined {
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (isVendoredGroup(group)) return undefined;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/**
 * Every property name the kind's schema mentions anywhere, read from its compiled
 * validators: candidates for "did you mean", to be confirmed at the right place.
 */
export function vocabularyFor(apiVersion: string, kind: string): string[] {
  const modulePath = schemaCheckFor(apiVersion, kind) ? modulePathOf(apiVersion, kind) : undefined;
  if (modulePath === undefined) return [];
  const words = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\bdata\d*\.([A-Za-z_$][\w$]*)|\bdata\d*\["([^"\\]+)"\]/g)) words.add(match[1] ?? match[2]);
    for (const match of source.matchAll(/require\("(\.[^"]+|[^"]*\/_schemas\/[^"]+)"\)/g)) {
      const target = match[1].startsWith('.') ? resolve(dirname(file), match[1]) : require.resolve(match[1]);
      visit(target);
    }
  };
  visit(require.resolve(modulePath));
  return [...words].sort();
}

function loadModel(modulePath: string, kind: string): ModelClass | undefined {
  let exported: unknown;
  try {
    exported = require(modulePath);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw error;
  }
  const model = (exported as Record<string, unknown>)[kind];
  return isModelClass(model) ? model : undefined;
}

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function'
    && typeof (value as { apiVersion?: unknown }).apiVersion === 'string'
    && typeof (value as { prototype?: { validate?: unknown } }).prototype?.validate === 'function';
}

/** Runs the model's compiled validator on the object itself, without the copy `new Model(data)` makes. */
function checkOf(model: ModelClass): SchemaCheck {
  return (data) => {
    try {
      model.prototype.validate.call(data);
      return [];
    } catch (error) {
      const errors = (error as { errors?: unknown }).errors;
      if (Array.isArray(errors)) return errors as ErrorObject[];
      throw error;
    }
  };
}
