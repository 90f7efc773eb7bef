"use client";
import Image from "next/image";
import type { WizardInput } from "./actions";
import { field, FieldError } from "./field";
import type { Fields } from "./wizard-steps";

const TYPES = ["image/png", "image/jpeg", "image/svg+xml", "image/webp"];

/** Logo (read in the browser into a data: URL, refused above the size limit) and two colours. */
export function BrandingStep({
  v,
  set,
  fields,
  setFields,
  maxLogoBytes,
}: {
  v: WizardInput;
  set: (p: Partial<WizardInput>) => void;
  fields: Fields;
  setFields: (f: Fields) => void;
  maxLogoBytes: number;
}) {
  const pick = (file: File | undefined) => {
    if (!file) return set({ logo: undefined });
    if (!TYPES.includes(file.type)) return setFields({ "branding.logo": "must be a PNG, JPEG, SVG or WebP image" });
    if (file.size > maxLogoBytes)
      return setFields({ "branding.logo": `is ${Math.ceil(file.size / 1024)} KB; at most ${maxLogoBytes / 1024} KB` });
    const reader = new FileReader();
    reader.onload = () => {
      setFields({});
      set({ logo: String(reader.result) });
    };
    reader.onerror = () => setFields({ "branding.logo": "could not be read" });
    reader.readAsDataURL(file);
  };
  const colour = (name: "primaryColor" | "accentColor", label: string) => (
    <div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="color"
          value={v[name] ?? "#000000"}
          onChange={(e) => set({ [name]: e.target.value })}
          className="h-8 w-12"
        />
        {label} <code>{v[name]}</code>
      </label>
      <FieldError id={`err-branding.${name}`} fields={fields} name={`branding.${name}`} />
    </div>
  );
  return (
    <div className="space-y-3">
      <label className="block text-sm">
        Logo (PNG, JPEG, SVG or WebP, at most {maxLogoBytes / 1024} KB)
        <input
          type="file"
          accept={TYPES.join(",")}
          onChange={(e) => pick(e.target.files?.[0])}
          className={field}
          aria-invalid={Boolean(fields["branding.logo"])}
          aria-describedby={fields["branding.logo"] ? "err-branding.logo" : undefined}
        />
      </label>
      <FieldError id="err-branding.logo" fields={fields} name="branding.logo" />
      {v.logo && (
        <div className="flex items-center gap-2 text-sm">
          <Image
            src={v.logo}
            alt="Logo preview"
            width={160}
            height={48}
            unoptimized
            className="h-12 w-auto max-w-40 object-contain"
          />
          <button type="button" className="underline" onClick={() => set({ logo: undefined })}>
            Remove logo
          </button>
        </div>
      )}
      {colour("primaryColor", "Primary colour")}
      {colour("accentColor", "Accent colour")}
    </div>
  );
}
