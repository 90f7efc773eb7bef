// Domain-name helpers shared by validation, rendering and the backends. Names are kept lowercase
// ASCII (IDN as punycode) and without the trailing dot everywhere inside the product; only
// renderers add the dot.

export const MAX_NAME = 253;
export const MAX_LABEL = 63;

/** Letters, digits and hyphens, no hyphen at either end (RFC 1035 §2.3.1, RFC 1123 §2.1). */
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Owner names may also carry underscores (_dmarc, _sip._tcp; RFC 2181 §11, RFC 8552). */
const OWNER_LABEL = /^_?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

export function stripDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/**
 * The one form a client domain or zone name is compared and stored in: trimmed, lower case,
 * without the trailing dot, IDN as punycode (WHATWG/UTS 46 mapping, so `BÜCHER.test.`,
 * `bücher.test` and `xn--bcher-kva.test` are one name, and a full-width dot is a dot). A name
 * the mapping refuses comes back lowercased as typed, for validation to name its problem. Uses the
 * WHATWG URL host parser (the same in Node and the browser, so forms check what the server does).
 */
export function normaliseName(input: string): string {
  const trimmed = input.trim();
  // Only a bare host name goes through the URL parser: anything that would make it read a port,
  // path, user, query or escape is left as typed, for validation to refuse.
  if (trimmed === "" || /[\s/\\?#@:%[\]]/.test(trimmed)) return stripDot(trimmed.toLowerCase());
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}/`).hostname;
  } catch {
    ascii = trimmed.toLowerCase();
  }
  return stripDot(ascii);
}

/** The problem with a host name (a target: CNAME, MX, NS, SRV), or null when it is fine. */
export function hostNameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_NAME) return `is longer than ${MAX_NAME} characters`;
  const labels = name.split(".");
  for (const label of labels) {
    if (label.length === 0) return "has an empty label (two dots in a row?)";
    if (label.length > MAX_LABEL) return `has a label longer than ${MAX_LABEL} characters`;
    if (!HOST_LABEL.test(label)) return `has an invalid label "${label}" (letters, digits and inner hyphens only)`;
  }
  if (labels.length < 2) return "must be fully qualified (for example mail.example.com)";
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return "must not end in a numeric label";
  return null;
}

/** The problem with an owner name relative to its zone ("@" is the apex), or null. */
export function ownerLabelsProblem(labels: string[]): string | null {
  for (const [i, label] of labels.entries()) {
    if (label.length === 0) return "has an empty label (two dots in a row?)";
    if (label.length > MAX_LABEL) return `has a label longer than ${MAX_LABEL} characters`;
    if (label === "*") {
      if (i !== 0) return "may hold a wildcard (*) only as its leftmost label";
      continue;
    }
    if (label.includes("*")) return "may hold * only as a whole label";
    if (!OWNER_LABEL.test(label)) return `has an invalid label "${label}"`;
  }
  return null;
}

/** Fully qualified name (no trailing dot) of a record name relative to its zone. */
export function absoluteName(relative: string, zone: string): string {
  return relative === "@" ? zone : `${relative}.${zone}`;
}

/** Is `name` the domain itself or below it? */
export function isWithin(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
