import {
  confirmStepUpWithPasskey,
  confirmStepUpWithPassword,
  stepUpPasskeyOptions,
  type StepUpConfirmation,
} from "@/lib/auth/step-up/step-up";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

// Step-up: a destructive mutation refused with extensions { code: FORBIDDEN, details.reason:
// STEP_UP_REQUIRED } is retried after one of these confirmed the caller (docs/decisions/015-step-up.md).
const StepUp = builder.objectRef<StepUpConfirmation>("StepUpConfirmation").implement({
  description: "A passkey or password confirmation of this device or API token, valid for 5 minutes.",
  fields: (t) => ({
    method: t.exposeString("method"),
    confirmedAt: t.field({ type: "DateTime", resolve: (r) => r.confirmedAt }),
    validUntil: t.field({ type: "DateTime", resolve: (r) => r.validUntil }),
  }),
});

builder.mutationFields((t) => ({
  confirmStepUpWithPassword: t.field({
    type: StepUp,
    authScopes: { signedIn: true },
    args: { password: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => confirmStepUpWithPassword({ actor: requireActorIn(ctx), password: args.password }),
  }),
  stepUpPasskeyOptions: t.field({
    type: "JSON",
    description: "WebAuthn request options for @simplewebauthn/browser's startAuthentication (a single-use challenge).",
    authScopes: { signedIn: true },
    resolve: (_r, _a, ctx) => stepUpPasskeyOptions({ actor: requireActorIn(ctx) }),
  }),
  confirmStepUpWithPasskey: t.field({
    type: StepUp,
    authScopes: { signedIn: true },
    args: { response: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, args, ctx) => confirmStepUpWithPasskey({ actor: requireActorIn(ctx), response: args.response }),
  }),
}));
