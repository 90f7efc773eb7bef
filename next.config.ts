import path from "node:path";
import type { NextConfig } from "next";
import { InjectManifest } from "workbox-webpack-plugin";
import { FIXED_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  output: "standalone",
  // Lets parallel builds (tests, helpers) use separate folders; default .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm test` runs tsc and eslint over the whole tree first; the build need not repeat them.
  typescript: { ignoreBuildErrors: true },
  // Native or wasm-backed packages stay outside the bundle and load from node_modules.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "argon2",
    "pg",
    "ioredis",
    "@prisma/adapter-pg",
    "prom-client",
    "rate-limiter-flexible",
    "dockerode",
    "docker-modem",
    "ssh2",
    "etcd3",
    "@grpc/grpc-js",
  ],
  outputFileTracingIncludes: { "/*": ["./prisma/migrations/**/*"] },
  async headers() {
    return [
      {
        source: "/:path*",
        // CSP (with its nonce) and HSTS come from proxy.ts, per request.
        headers: FIXED_SECURITY_HEADERS,
      },
      {
        // The worker must always be revalidated (a stale one pins an old deployment) and may
        // control the whole origin.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache, no-store, must-revalidate" },
          { key: "Service-Worker-Allowed", value: "/" },
        ],
      },
    ];
  },
  // `next dev` runs Turbopack and refuses a webpack-only config without this; the service
  // worker exists only in `next build --webpack` builds (docs/decisions/003-service-worker.md).
  turbopack: {},
  webpack(config, { isServer, dev, buildId, webpack }) {
    if (isServer || dev) return config;
    config.plugins.push(
      new InjectManifest({
        swSrc: path.join(config.context, "worker/sw.ts"),
        swDest: path.join(config.context, "public/sw.js"),
        // Workbox's child compiler does not inherit the DefinePlugin that strips workbox's dev logging.
        webpackCompilationPlugins: [new webpack.DefinePlugin({ "process.env.NODE_ENV": JSON.stringify("production") })],
        include: [/^static\//],
        // build-manifest.json 404s and would fail the whole install (notes/next-stack.md).
        exclude: [/build-manifest\.json$/, /\.map$/],
        // Workbox only sees webpack's output, not public/: add the offline page and icons.
        additionalManifestEntries: [
          "/offline",
          "/icons/icon-192.png",
          "/icons/icon-512.png",
          "/icons/icon-maskable-512.png",
          "/icons/apple-touch-icon.png",
        ].map((url) => ({ url, revision: buildId })),
      }),
    );
    return config;
  },
};

export default nextConfig;
