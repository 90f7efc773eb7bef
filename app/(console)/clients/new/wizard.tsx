"use client";
import Image from "next/image";
import { useState, useTransition } from "react";
import { ProvisioningLiveView } from "../provisioning/live-view";
import { createClientWizardAction, type WizardInput } from "./actions";
import { BrandingStep } from "./branding-step";
import { field, FieldError } from "./field";
import { checkStep, errorsOfStep, STEPS, stepOfField, type Fields } from "./wizard-steps";

export type TemplateOption = { type: string; title: string; description: string };

const button = "rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50 dark:border-slate-700";
const PLANS = ["Starter", "Business", "Enterprise"];

/**
 * Create a client in six steps (name → domain → plan → services → branding → review). Each step
 * checks its own fields before "Next"; the domain checks all again on create, and a field it
 * refuses reopens the step that holds it with the message under the field. Once created, the
 * wizard turns into the live provisioning view.
 */
export function CreateClientWizard({
  templates,
  maxLogoBytes,
  canManageProvisioning,
}: {
  templates: TemplateOption[];
  maxLogoBytes: number;
  canManageProvisioning: boolean;
}) {
  const [step, setStep] = useState(0);
  const [v, setV] = useState<WizardInput>({
    name: "",
    domain: "",
    plan: "",
    price: "",
    currency: "EUR",
    services: [],
    primaryColor: "#1d4ed8",
    accentColor: "#f59e0b",
  });
  const [fields, setFields] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [pending, start] = useTransition();
  const set = (patch: Partial<WizardInput>) => setV((old) => ({ ...old, ...patch }));

  if (created) {
    return (
      <section aria-labelledby="provisioning-title" className="space-y-2">
        <h2 id="provisioning-title" className="text-lg font-semibold">
          Provisioning {created.name}
        </h2>
        <ProvisioningLiveView clientId={created.id} canManage={canManageProvisioning} />
      </section>
    );
  }

  const next = () => {
    const problems = checkStep(step, v);
    setFields(problems);
    if (Object.keys(problems).length === 0) setStep(step + 1);
  };
  const create = () =>
    start(async () => {
      const result = await createClientWizardAction(v);
      if (result.ok) return setCreated({ id: result.id, name: result.name });
      setFields(result.fields);
      setError(result.error);
      const first = Object.keys(result.fields).map(stepOfField).sort()[0];
      if (first !== undefined) setStep(first);
    });
  const input = (
    name: keyof WizardInput & string,
    key: string,
    label: string,
    props: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <div>
      <label className="block text-sm">
        {label}
        <input
          value={String(v[name] ?? "")}
          onChange={(e) => set({ [name]: e.target.value })}
          aria-invalid={Boolean(fields[key])}
          aria-describedby={fields[key] ? `err-${key}` : undefined}
          className={field}
          {...props}
        />
      </label>
      <FieldError id={`err-${key}`} fields={fields} name={key} />
    </div>
  );

  return (
    <form
      aria-label="New client"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (step < 5) next();
        else create();
      }}
    >
      <ol className="flex flex-wrap gap-x-3 gap-y-1 text-sm" aria-label="Wizard steps">
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={i === step ? "step" : undefined}
            className={
              i === step
                ? "font-semibold underline"
                : errorsOfStep(fields, i).length
                  ? "text-red-700 dark:text-red-400"
                  : "text-slate-500"
            }
          >
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <fieldset className="space-y-3">
        <legend className="mb-2 text-lg font-semibold">{STEPS[step]}</legend>
        {step === 0 &&
          input("name", "name", "Client name", { maxLength: 255, autoFocus: true, placeholder: "Acme Corporation" })}
        {step === 1 &&
          input("domain", "domain", "Domain", {
            autoFocus: true,
            placeholder: "acme.example.com",
            autoCapitalize: "none",
            inputMode: "url",
          })}
        {step === 2 && (
          <div className="grid gap-3 sm:grid-cols-3">
            {input("plan", "billing.plan", "Plan", { list: "plans", placeholder: "optional" })}
            <datalist id="plans">
              {PLANS.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
            {input("price", "billing.price", "Price per month", {
              type: "number",
              min: 0,
              step: "0.01",
              inputMode: "decimal",
            })}
            {input("currency", "billing.currency", "Currency", { maxLength: 3 })}
          </div>
        )}
        {step === 3 && (
          <div className="space-y-2">
            {templates.length === 0 && <p className="text-sm text-slate-500">The service catalog is empty.</p>}
            {templates.map((t) => (
              <label
                key={t.type}
                className="flex items-start gap-2 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800"
              >
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={v.services.includes(t.type)}
                  onChange={(e) =>
                    set({
                      services: e.target.checked ? [...v.services, t.type] : v.services.filter((s) => s !== t.type),
                    })
                  }
                />
                <span>
                  <span className="font-medium">{t.title}</span> <span className="text-slate-500">({t.type})</span>
                  <br />
                  {t.description}
                </span>
              </label>
            ))}
            <FieldError id="err-services" fields={fields} name="services" />
            {Object.entries(fields)
              .filter(([k]) => k.startsWith("services."))
              .map(([k, m]) => (
                <p key={k} className="text-sm text-red-700 dark:text-red-400">
                  {m}
                </p>
              ))}
          </div>
        )}
        {step === 4 && (
          <BrandingStep v={v} set={set} fields={fields} maxLogoBytes={maxLogoBytes} setFields={setFields} />
        )}
        {step === 5 && (
          <dl
            className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm"
            data-testid="wizard-review"
          >
            <dt>Name</dt>
            <dd className="break-words">{v.name}</dd>
            <dt>Domain</dt>
            <dd className="break-all">{v.domain.trim().toLowerCase()}</dd>
            <dt>Plan</dt>
            <dd>{v.plan ? `${v.plan} · ${v.price} ${v.currency.toUpperCase()}` : "none"}</dd>
            <dt>Services</dt>
            <dd>
              {v.services.length
                ? v.services.map((s) => templates.find((t) => t.type === s)?.title ?? s).join(", ")
                : "none"}
            </dd>
            <dt>Branding</dt>
            <dd className="flex flex-wrap items-center gap-2">
              {v.logo ? (
                <Image
                  src={v.logo}
                  alt="Logo"
                  width={128}
                  height={32}
                  unoptimized
                  className="h-8 w-auto max-w-32 object-contain"
                />
              ) : (
                "no logo"
              )}
              {[v.primaryColor, v.accentColor].map(
                (c) =>
                  c && (
                    <span key={c} className="inline-flex items-center gap-1">
                      <span className="inline-block h-4 w-4 rounded border" style={{ background: c }} />
                      {c}
                    </span>
                  ),
              )}
            </dd>
          </dl>
        )}
      </fieldset>
      {error && (
        <p role="alert" data-testid="wizard-error" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {step > 0 && (
          <button
            type="button"
            className={button}
            onClick={() => {
              setFields({});
              setStep(step - 1);
            }}
          >
            Back
          </button>
        )}
        {step < 5 ? (
          <button className={button}>Next</button>
        ) : (
          <button disabled={pending} className={`${button} font-semibold`}>
            {pending ? "Creating…" : "Create client"}
          </button>
        )}
      </div>
    </form>
  );
}
