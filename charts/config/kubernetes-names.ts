// The API server's own rules for names, label keys and values, annotation keys,
// host names and container resource names, so that synth refuses what the API
// server would, at the environment file's line. Regexes and limits are those of
// k8s.io/apimachinery pkg/util/validation/validation.go (IsQualifiedName,
// IsValidLabelValue, IsDNS1123Subdomain, IsWildcardDNS1123Subdomain) and
// k8s.io/kubernetes pkg/apis/core/validation/validation.go
// (validateContainerResourceName, ValidateAnnotations).

import { didYouMean } from './did-you-mean';
import { compareQuantities, isQuantity } from './quantities';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** A DNS-1123 label: a namespace, or an environment's name (its dist/ folder and objects' prefix). */
export const DNS_LABEL = new RegExp(`^${DNS1123_LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const DNS1123_SUBDOMAIN_MAX = 253;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MAX = 63;
const LABEL_VALUE_MAX = 63;
/** apimachinery's TotalAnnotationSizeLimitB: keys and values of one object together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** The largest value of an OpenAPI `format: int32` field (replicas, ports, ...). */
export const INT32_MAX = 2 ** 31 - 1;

const QUALIFIED_NAME_HELP = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters';

/** Why `value` is not a DNS-1123 subdomain (lowercase host name), or undefined. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) return `must be at most ${DNS1123_SUBDOMAIN_MAX} characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return 'must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit';
  return undefined;
}

/** Why `key` is not a label key or annotation key (IsQualifiedName: [prefix/]name), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `may hold one "/" (an optional DNS prefix, as in example.com/name), not ${parts.length - 1}`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'the prefix before "/" must not be empty';
    const problem = dnsSubdomainProblem(prefix);
    if (problem) return `the prefix before "/" ${problem}`;
  }
  if (name === '') return 'the name must not be empty';
  if (name.length > QUALIFIED_NAME_MAX || !QUALIFIED_NAME.test(name)) return `the name${prefix === undefined ? '' : ' after "/"'} must be ${QUALIFIED_NAME_HELP}`;
  return undefined;
}

/** Why `value` is not a label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_VALUE_MAX || !QUALIFIED_NAME.test(value)) return `a label value must be empty or ${QUALIFIED_NAME_HELP}`;
  return undefined;
}

/**
 * Why `host` cannot be an Ingress rule's host, with what to write instead, or undefined.
 * The API server takes a DNS-1123 subdomain or a wildcard `*.` before one, never an IP address.
 */
export function ingressHostProblem(host: string): string | undefined {
  const bare = /[/:]/.test(host) ? bareHost(host) : undefined;
  if (bare !== undefined && !isIpAddress(bare)) return `must be a host name only, without scheme, port or path: write ${bare}`;
  if (isIpAddress(host) || (bare !== undefined && isIpAddress(bare))) return 'must be a DNS name, not an IP address';
  const problem = dnsSubdomainProblem(host.startsWith('*.') ? host.slice(2) : host);
  return problem ? `must be a DNS host name such as jupyter.example.com (or *.example.com): ${problem}` : undefined;
}

function isIpAddress(text: string): boolean {
  return /^[0-9.]+$/.test(text) || (text.includes(':') && /^\[?[0-9a-fA-F:]+\]?$/.test(text));
}

/** The host in a URL or host:port the user typed where a host belongs; undefined if it is none. */
function bareHost(text: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return url.hostname === '' ? undefined : url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const HUGEPAGES_PREFIX = 'hugepages-';

/** Resources whose request must equal their limit: all but cpu, memory and ephemeral-storage (IsOvercommitAllowed). */
export function isOvercommitAllowed(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.includes(name);
}

/**
 * Why `name` cannot be a key of a container's requests or limits, or undefined:
 * cpu, memory, ephemeral-storage, hugepages-<page size>, or an extended resource
 * `domain/name` outside kubernetes.io (validateContainerResourceName).
 */
export function containerResourceNameProblem(name: string): { message: string; suggestion?: string } | undefined {
  if (!name.includes('/')) {
    if (STANDARD_CONTAINER_RESOURCES.includes(name)) return undefined;
    if (name.startsWith(HUGEPAGES_PREFIX)) {
      const size = name.slice(HUGEPAGES_PREFIX.length);
      return isQuantity(size) && compareQuantities(size, 0) > 0 ? undefined : { message: 'a hugepages resource names its page size, as in hugepages-2Mi or hugepages-1Gi' };
    }
    return { message: `must be ${STANDARD_CONTAINER_RESOURCES.join(', ')}, hugepages-<size>, or an extended resource such as nvidia.com/gpu`, suggestion: didYouMean(name, STANDARD_CONTAINER_RESOURCES) };
  }
  const problem = qualifiedNameProblem(name);
  if (problem) return { message: `an extended resource name must be domain/name: ${problem}` };
  if (name.includes('kubernetes.io/')) return { message: 'names under kubernetes.io/ are Kubernetes\' own; an extended resource needs another domain, such as nvidia.com/gpu' };
  // IsExtendedResourceName: "requests." + name must still be a qualified name, and the name may not start with it.
  if (name.startsWith('requests.') || qualifiedNameProblem(`requests.${name}`)) return { message: 'does not follow the extended resource name standard (domain/name, not starting with "requests.")' };
  return undefined;
}
