import type { ErrorObject } from 'ajv';
import { didYouMean } from '../config/did-you-mean';
import { showValue } from '../config/errors';
import { SchemaCheck, vocabularyFor } from './model-registry';
import { formatPath, isPlainObject, pathOf, valueAt, withArticle } from '../config/json-path';
import { isDeclared, ObjectPath, unknownFields } from './unknown-fields';

/** One thing wrong inside a manifest: where (a field path) and what. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Everything the kind's schema finds wrong with `data`, as one line per field:
 * ajv's errors folded together (a oneOf's branches become "must be string or
 * integer"), plus the fields the schema does not declare at all.
 */
export function schemaProblems(check: SchemaCheck, data: Record<string, unknown>, apiVersion: string, kind: string): FieldProblem[] {
  const all = check(data);
  // A closed schema (a vendored CRD) names undeclared fields itself; kubernetes-models' do not, so they are probed.
  const errors = check.closed ? all.filter((error) => error.keyword !== 'additionalProperties') : all;
  const unknown = check.closed
    ? all.filter((error) => error.keyword === 'additionalProperties')
      .map((error) => [...pathOf(data, error.instancePath), (error.params as { additionalProperty: string }).additionalProperty])
    : unknownFields(check, data);
  const problems: FieldProblem[] = [];
  const byPointer = new Map<string, ErrorObject[]>();
  for (const error of errors) byPointer.set(error.instancePath, [...(byPointer.get(error.instancePath) ?? []), error]);

  for (const [pointer, group] of byPointer) {
    const path = pathOf(data, pointer);
    const value = valueAt(data, path);
    const deeper = errors.some((error) => error.instancePath.startsWith(`${pointer}/`));
    const types = unique(group.filter((error) => error.keyword === 'type').flatMap((error) => String((error.params as { type: string | string[] }).type).split(',')))
      .filter((type) => type !== 'null');
    const messages: string[] = [];
    // An enum names the allowed values, which says more than their type.
    const hasEnum = group.some((error) => error.keyword === 'enum');
    if (types.length > 0 && !hasEnum) messages.push(`must be ${types.map(withArticle).join(' or ')}, not ${describe(value)}`);
    for (const error of group) {
      switch (error.keyword) {
        case 'type':
          break;
        case 'oneOf':
        case 'anyOf':
          // The branches' own errors say more; keep this only when it is all there is.
          if (types.length === 0 && !deeper && group.length === 1) messages.push(error.message ?? `must match one of the allowed forms`);
          break;
        case 'required': {
          const missing = (error.params as { missingProperty: string }).missingProperty;
          const typo = didYouMean(missing, unknown.filter((field) => sameParent(field, path)).map((field) => String(field[field.length - 1])));
          problems.push({
            field: formatPath([...path, missing]),
            message: `missing required field${typo ? ` ("${typo}" is not a field: a typo?)` : ''}`,
          });
          break;
        }
        case 'enum': {
          const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter((allowedValue) => allowedValue !== null).map(String);
          messages.push(`must be one of ${allowed.join(', ')}, not ${describe(value)}`);
          break;
        }
        default:
          messages.push(error.message ?? `fails the schema's "${error.keyword}" rule`);
      }
    }
    for (const message of unique(messages)) problems.push({ field: formatPath(path), message });
  }

  for (const field of unknown) {
    const suggestion = suggestionFor(check, data, field, apiVersion, kind);
    problems.push({
      field: formatPath(field),
      message: `unknown field: ${kind} (${apiVersion}) has no such field here${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    });
  }
  return problems;
}

/** A declared field at the same place whose name is close to the unknown one. */
function suggestionFor(check: SchemaCheck, data: Record<string, unknown>, field: ObjectPath, apiVersion: string, kind: string): string | undefined {
  const key = String(field[field.length - 1]);
  const parentPath = field.slice(0, -1);
  const close = (check.vocabulary ?? vocabularyFor(apiVersion, kind)).filter((word) => word !== key && didYouMean(key, [word]) === word);
  const declared = close.filter((word) => isDeclared(check, data, parentPath, word));
  // Swapped letters first ("nmae"): edit distance alone ranks "image" as close as "name".
  return declared.find((word) => sortedLetters(word) === sortedLetters(key)) ?? didYouMean(key, declared);
}

function sortedLetters(word: string): string {
  return [...word.toLowerCase()].sort().join('');
}

function sameParent(field: ObjectPath, parent: ObjectPath): boolean {
  return field.length === parent.length + 1 && parent.every((part, index) => field[index] === part);
}

/** What a value is, for "must be an integer, not the string "3"". */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'string') return `the string ${showValue(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
