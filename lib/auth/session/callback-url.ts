/**
 * Where to go after signing in: `raw` resolved against the console's own URL, keeping only a
 * same-origin path and query. Anything else — another host, `//host`, `/\host` (browsers read the
 * backslash as a slash), `/%09/host` (tabs and newlines are dropped by the URL parser),
 * `javascript:` — gives "/". The URL parser decides, exactly as the browser will, instead of
 * prefix checks that each spelling slips past. docs/decisions/028-http-edge.md
 */
export function safeCallbackPath(raw: string | null | undefined, appUrl: string): string {
  if (!raw) return "/";
  const base = new URL(appUrl);
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  // "/.//host" normalises to the path "//host", which a browser reads as another host again
  const path = url.pathname.replace(/^[/\\]+/, "/");
  return path + url.search;
}
