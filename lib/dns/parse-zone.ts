import { AppError } from "../errors";
import { RECORD_TYPES, type RecordType } from "./validate";

// Reads an RFC 1035 master file into record inputs (validated afterwards like any other input):
// $ORIGIN, $TTL, comments, parentheses across lines, quoted strings with \" \\ \DDD escapes, a
// blank owner repeating the previous one, TTL and class in either order. SOA is skipped (the
// serial is ours); types we do not manage are refused with their line number.

export type ParsedRecord = {
  line: number;
  name: string;
  type: RecordType;
  value: string;
  ttl: number;
  priority?: number;
  weight?: number;
  port?: number;
};

type Token = { text: string; quoted: boolean };

function lineError(line: number, message: string): AppError {
  return new AppError("VALIDATION", `line ${line}: ${message}`, { fields: { file: `line ${line}: ${message}` }, line });
}

/** Splits a logical line into tokens; returns null when a parenthesis is still open. */
function tokenize(text: string, line: number): { tokens: Token[]; depth: number; leadingBlank: boolean } {
  const tokens: Token[] = [];
  let i = 0,
    depth = 0;
  const leadingBlank = /^[ \t]/.test(text);
  while (i < text.length) {
    const c = text[i]!;
    if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "(" || c === ")") {
      depth += c === "(" ? 1 : -1;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '"') {
      const bytes: number[] = [];
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\") {
          const ddd = /^\d{3}/.exec(text.slice(i + 1));
          if (ddd) {
            bytes.push(Number(ddd[0]));
            i += 4;
          } else {
            bytes.push(...Buffer.from(text[i + 1] ?? ""));
            i += 2;
          }
        } else {
          bytes.push(...Buffer.from(text[i]!));
          i++;
        }
      }
      if (text[i] !== '"') throw lineError(line, "unterminated quoted string");
      i++;
      tokens.push({ text: Buffer.from(bytes).toString("utf8"), quoted: true });
    } else {
      const start = i;
      while (i < text.length && !/[\s;()"]/.test(text[i]!)) i++;
      tokens.push({ text: text.slice(start, i), quoted: false });
    }
  }
  return { tokens, depth, leadingBlank };
}

const absolute = (name: string, origin: string) =>
  name === "@" ? `${origin}.` : name.endsWith(".") ? name : `${name}.${origin}.`;
const num = (t: Token | undefined, line: number, what: string) => {
  if (!t || !/^\d+$/.test(t.text)) throw lineError(line, `${what} must be a number`);
  return Number(t.text);
};

export function parseZoneFile(text: string, zone: string, defaultTtl = 3600): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let origin = zone,
    ttl = defaultTtl,
    owner: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const first = n + 1;
    let logical = lines[n]!;
    let parsed = tokenize(logical, first);
    while (parsed.depth > 0 && n + 1 < lines.length) {
      logical += "\n" + lines[++n];
      parsed = tokenize(logical, first);
    }
    if (parsed.depth !== 0) throw lineError(first, "unbalanced parentheses");
    const tokens = parsed.tokens;
    if (tokens.length === 0) continue;
    const head = tokens[0]!.text.toUpperCase();
    if (head === "$ORIGIN") {
      origin = (tokens[1]?.text ?? "").toLowerCase().replace(/\.$/, "");
      continue;
    }
    if (head === "$TTL") {
      ttl = num(tokens[1], first, "$TTL");
      continue;
    }
    if (head.startsWith("$")) throw lineError(first, `${tokens[0]!.text} is not supported`);
    if (!parsed.leadingBlank) owner = absolute(tokens.shift()!.text.toLowerCase(), origin);
    if (owner === null) throw lineError(first, "a record without an owner name");
    let recTtl = ttl;
    while (tokens[0] && !tokens[0].quoted && (/^\d+$/.test(tokens[0].text) || tokens[0].text.toUpperCase() === "IN")) {
      const t = tokens.shift()!;
      if (t.text.toUpperCase() !== "IN") recTtl = Number(t.text);
    }
    const type = (tokens.shift()?.text ?? "").toUpperCase();
    if (type === "SOA") continue;
    if (!(RECORD_TYPES as readonly string[]).includes(type))
      throw lineError(first, `record type ${type || "(none)"} is not supported`);
    const target = (t: Token | undefined) => (t ? absolute(t.text.toLowerCase(), origin) : "");
    const rec = { line: first, name: owner, type: type as RecordType, ttl: recTtl };
    switch (type) {
      case "MX":
        out.push({ ...rec, priority: num(tokens[0], first, "MX preference"), value: target(tokens[1]) });
        break;
      case "SRV":
        out.push({
          ...rec,
          priority: num(tokens[0], first, "SRV priority"),
          weight: num(tokens[1], first, "SRV weight"),
          port: num(tokens[2], first, "SRV port"),
          value: target(tokens[3]),
        });
        break;
      case "CNAME":
      case "NS":
        out.push({ ...rec, value: target(tokens[0]) });
        break;
      case "TXT":
        out.push({ ...rec, value: tokens.map((t) => t.text).join("") });
        break;
      case "CAA":
        out.push({
          ...rec,
          value: `${tokens[0]?.text ?? ""} ${tokens[1]?.text ?? ""} "${tokens
            .slice(2)
            .map((t) => t.text)
            .join(" ")}"`,
        });
        break;
      default:
        out.push({ ...rec, value: tokens.map((t) => t.text).join(" ") });
    }
  }
  return out;
}
