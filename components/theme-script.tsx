import { headers } from "next/headers";

// Runs before paint: applies the stored theme, or the system's, so there is no flash.
const script = `(function(){try{var t=localStorage.getItem("theme");var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

/** Inline, so it carries the page's CSP nonce (set by proxy.ts). */
export async function ThemeScript() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
