// TXT text travels as character-strings of at most 255 bytes each (RFC 1035 §3.3.14). We split
// on UTF-8 byte boundaries without cutting a multi-byte character in two.
export function txtStrings(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > 255) {
      out.push(current);
      current = "";
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  if (current.length > 0 || out.length === 0) out.push(current);
  return out;
}

/** One character-string in zone-file syntax: quotes and backslashes escaped, bytes outside
 *  printable ASCII as \DDD. */
export function quoteTxt(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s)) {
    if (b === 0x22 || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += "\\" + String(b).padStart(3, "0");
    else out += String.fromCharCode(b);
  }
  return out + '"';
}
