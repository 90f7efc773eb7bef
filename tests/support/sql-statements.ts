import pg from "pg";
import { PGlite } from "@electric-sql/pglite";

// Counts the SQL statements the process sends to the database while `fn` runs, at the driver:
// node-postgres clients (Prisma's PostgreSQL adapter and its pool) and PGlite (query, exec,
// and the statements inside a transaction, BEGIN and COMMIT included). Used to show that a
// request costs a fixed number of statements whatever the size of the page (no N+1).

type Hook = (sql: string) => void;
let hook: Hook | null = null;
let installed = false;

const textOf = (q: unknown) => (typeof q === "string" ? q : ((q as { text?: string } | null)?.text ?? String(q)));

function install() {
  if (installed) return;
  installed = true;
  const clientQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    hook?.(textOf(args[0]));
    return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof clientQuery;

  type Method = (this: unknown, ...a: unknown[]) => unknown;
  const proto = PGlite.prototype as unknown as Record<"query" | "exec" | "transaction", Method>;
  for (const name of ["query", "exec"] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      hook?.(textOf(args[0]));
      return original.apply(this, args);
    };
  }
  const transaction = proto.transaction;
  proto.transaction = function (this: unknown, ...args: unknown[]) {
    const body = args[0] as (tx: Record<"query" | "exec", Method>) => unknown;
    hook?.("BEGIN");
    const wrapped = (tx: Record<"query" | "exec", Method>) => {
      for (const name of ["query", "exec"] as const) {
        const original = tx[name].bind(tx);
        tx[name] = (...a: unknown[]) => (hook?.(textOf(a[0])), original(...a));
      }
      return body(tx);
    };
    return (transaction.call(this, wrapped) as Promise<unknown>).finally(() => hook?.("COMMIT"));
  };
}

/** Runs fn and returns its result with the statements sent meanwhile (one caller at a time). */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  install();
  if (hook) throw new Error("countStatements does not nest");
  const statements: string[] = [];
  hook = (sql) => statements.push(sql.replace(/\s+/g, " ").trim());
  try {
    return { result: await fn(), statements };
  } finally {
    hook = null;
  }
}
