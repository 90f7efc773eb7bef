import next from "eslint-config-next/core-web-vitals";
import ts from "eslint-config-next/typescript";

export default [
  { ignores: ["lib/db/generated/**", ".next/**", "node_modules/**", "data/**", "public/sw.js", "test-results/**", "playwright-report/**"] },
  ...next,
  ...ts,
  {
    rules: {
      // lib/ is the domain layer: it never reaches up into routes, UI or the GraphQL edge.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/graphql/*", "@/components/*", "../app/*", "../graphql/*", "../components/*", "../../app/*", "../../graphql/*", "../../components/*"], message: "lib/ must not import from app/, graphql/ or components/ (DESIGN.md rule 3)" }] }],
    },
  },
];
