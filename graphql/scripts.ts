import { executeScript, listScripts, type ScriptInfo, type ScriptResult } from "@/lib/scripts/execute-script";
import type { ScriptArg } from "@/lib/scripts/manifest";
import { streamScript, type ScriptEvent } from "@/lib/scripts/stream-script";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

// Allowlisted operator scripts. The mutation only asks for a signed-in user at the edge so the
// domain can record a denied attempt in the audit log.

const ScriptArgType = builder.enumType("ScriptArgType", { values: ["STRING", "INTEGER", "ENUM"] as const });

const ScriptArgRef = builder.objectRef<ScriptArg>("ScriptArg").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    type: t.field({ type: ScriptArgType, resolve: (a) => a.type.toUpperCase() as "STRING" | "INTEGER" | "ENUM" }),
    description: t.exposeString("description", { nullable: true }),
    pattern: t.exposeString("pattern", { nullable: true }),
    values: t.stringList({ nullable: true, resolve: (a) => a.enum ?? null }),
    min: t.exposeInt("min", { nullable: true }),
    max: t.exposeInt("max", { nullable: true }),
    required: t.exposeBoolean("required"),
  }),
});

const ScriptRef = builder.objectRef<ScriptInfo>("Script").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    timeoutMs: t.exposeInt("timeoutMs"),
    args: t.field({ type: [ScriptArgRef], resolve: (s) => s.args }),
  }),
});

const ScriptResultRef = builder.objectRef<ScriptResult>("ScriptResult").implement({
  fields: (t) => ({
    exitCode: t.exposeInt("exitCode", {
      nullable: true,
      description: "null when the script was stopped at its timeout",
    }),
    stdout: t.exposeString("stdout"),
    stderr: t.exposeString("stderr"),
    durationMs: t.exposeInt("durationMs"),
    timedOut: t.exposeBoolean("timedOut"),
    truncated: t.exposeBoolean("truncated", { description: "stdout or stderr exceeded 256 KiB and was cut" }),
  }),
});

builder.queryField("scripts", (t) =>
  t.field({
    type: [ScriptRef],
    authScopes: { permission: "script:execute" },
    resolve: (_r, _a, ctx) => listScripts({ actor: requireActorIn(ctx) }),
  }),
);

builder.mutationField("executeScript", (t) =>
  t.field({
    type: ScriptResultRef,
    description: "Runs an allowlisted script; args are positional, checked against its schema (no shell).",
    authScopes: { signedIn: true },
    args: { name: t.arg.string({ required: true }), args: t.arg.stringList({ required: false }) },
    resolve: (_r, a, ctx) => executeScript({ actor: requireActorIn(ctx), name: a.name, args: a.args }),
  }),
);

const ScriptStreamKind = builder.enumType("ScriptStream", { values: ["STDOUT", "STDERR"] as const });
const ScriptOutputRef = builder.objectRef<ScriptEvent>("ScriptOutput").implement({
  description: "One piece of a running script's output, or (last) its result.",
  fields: (t) => ({
    stream: t.field({ type: ScriptStreamKind, nullable: true, resolve: (e) => e.stream ?? null }),
    text: t.string({ nullable: true, resolve: (e) => e.text ?? null }),
    result: t.field({ type: ScriptResultRef, nullable: true, resolve: (e) => e.result ?? null }),
  }),
});

builder.subscriptionField("executeScriptStream", (t) =>
  t.field({
    type: ScriptOutputRef,
    description:
      "executeScript with its output streamed while it runs; the last event carries the result. Same checks and audit.",
    authScopes: { signedIn: true },
    args: { name: t.arg.string({ required: true }), args: t.arg.stringList({ required: false }) },
    subscribe: (_r, a, ctx) =>
      streamScript({ actor: requireActorIn(ctx), name: a.name, args: a.args, signal: ctx.request.signal }),
    resolve: (e) => e,
  }),
);
