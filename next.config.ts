import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  // Lets parallel builds (tests, helpers) use separate folders; default .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Native or wasm-backed packages stay outside the bundle and load from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2", "pg", "ioredis", "@prisma/adapter-pg", "prom-client"],
  outputFileTracingIncludes: { "/*": ["./prisma/migrations/**/*"] },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
