import fs from "node:fs";
import path from "node:path";
import type { GraphQLObjectType, GraphQLSchema } from "graphql";

// The console's doors as the code has them, to compare with lib/auth/operations.ts: the root
// fields of the built schema and the exported functions of every server-action module (app/ and components/).

const ROOT = path.resolve(__dirname, "../..");

export function rootFieldsOf(schema: GraphQLSchema): string[] {
  const roots = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  };
  return Object.entries(roots).flatMap(([root, type]) =>
    Object.keys((type as GraphQLObjectType | null)?.getFields() ?? {}).map((f) => `${root}.${f}`),
  );
}

/** `action:<file>#<function>` for every `export async function` of a "use server" module. */
export function serverActions(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name)) {
        const text = fs.readFileSync(full, "utf8");
        if (!/^\s*["']use server["']/.test(text)) continue;
        const rel = path.relative(ROOT, full).split(path.sep).join("/");
        for (const m of text.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)/gm)) out.push(`action:${rel}#${m[1]}`);
        for (const m of text.matchAll(/^export\s+const\s+(\w+)\s*=\s*async/gm)) out.push(`action:${rel}#${m[1]}`);
      }
    }
  };
  walk(path.join(ROOT, "app"));
  walk(path.join(ROOT, "components")); // a shared widget's actions live beside it (step-up dialog)
  return out.sort();
}

/** The row keys of an action: `…#f` itself, or its variants `…#f(start)`, `…#f(stop)`. */
export const actionOfRow = (key: string) => key.replace(/#(\w+)\([^)]*\)$/, "#$1");
