import type { StepDefinition } from "../context";
import { STEP_NAMES } from "../step-names";
import { dnsStep } from "./dns";
import { deployStep, tlsStep } from "./deploy";
import { brandingStep, notifyStep, ssoStep } from "./finish";
import { databaseStep, secretsStep, validateStep } from "./prepare";
import { resourcesStep } from "./resources";

/** The steps in the seed's order (checked against STEP_NAMES). */
export const STEPS: StepDefinition[] = [
  validateStep,
  secretsStep,
  databaseStep,
  resourcesStep,
  dnsStep,
  tlsStep,
  deployStep,
  ssoStep,
  brandingStep,
  notifyStep,
];
if (STEPS.map((s) => s.name).join() !== STEP_NAMES.join()) throw new Error("provisioning steps are out of order");
