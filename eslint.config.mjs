import next from "eslint-config-next/core-web-vitals";
import ts from "eslint-config-next/typescript";

const config = [
  {
    ignores: [
      "lib/db/generated/**",
      ".next*/**",
      "node_modules/**",
      "data/**",
      "public/sw.js",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...next,
  ...ts,
  {
    rules: {
      // lib/ is the domain layer: it never reaches up into routes, UI or the GraphQL edge.
      "no-restricted-imports": "off",
    },
  },
  {
    // Every imported package is declared in package.json (docs/decisions/028-http-edge.md); tests,
    // scripts, benchmarks and config files may use devDependencies too.
    rules: {
      "import/no-extraneous-dependencies": [
        "error",
        {
          devDependencies: ["tests/**", "scripts/**", "bench/**", "*.config.{ts,mjs}", "prisma.config.ts"],
          optionalDependencies: false,
          peerDependencies: false,
          includeTypes: true,
        },
      ],
    },
  },
  {
    // Not React: functions named use* here (Yoga plugins, test seams) are not hooks.
    files: ["lib/**/*.ts", "graphql/**/*.ts", "tests/**/*.ts", "scripts/**/*.{ts,mjs}", "bench/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/app/*",
                "@/graphql/*",
                "@/components/*",
                "../app/*",
                "../graphql/*",
                "../components/*",
                "../../app/*",
                "../../graphql/*",
                "../../components/*",
              ],
              message: "lib/ must not import from app/, graphql/ or components/ (DESIGN.md rule 3)",
            },
          ],
        },
      ],
    },
  },
  {
    // Direction app/ → components/ → lib/: a shared component never reaches into a route
    // (DESIGN.md, front end). A route's own widgets live in the route's folder.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/*", "../app/*", "../../app/*"],
              message:
                "components/ must not import from app/: move the shared piece beside the component, or the component into its route",
            },
          ],
        },
      ],
    },
  },
];

export default config;
