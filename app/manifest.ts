import type { MetadataRoute } from "next";

// Served as /manifest.webmanifest; Next adds the <link rel="manifest"> to every page.
// Colours match the theme-color meta in app/layout.tsx and the icons (scripts/make-icons.mjs).
const THEME = "#0f172a";

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "SecureNexus Control",
    short_name: "SecureNexus",
    description: "Run your customers' infrastructure from one console.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: THEME,
    theme_color: THEME,
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      { name: "Dashboard", url: "/" },
      { name: "Services", url: "/services" },
      { name: "Clients", url: "/clients" },
      { name: "Audit", url: "/audit" },
    ],
  };
}
