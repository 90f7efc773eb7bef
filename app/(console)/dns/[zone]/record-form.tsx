"use client";
import { useActionState, useRef, useState } from "react";
import { checkRecordAction, createRecordAction } from "../actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "../form-message";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
const TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] as const;
const VALUE_HINT: Record<(typeof TYPES)[number], string> = {
  A: "192.0.2.10",
  AAAA: "2001:db8::10",
  CNAME: "target.example.net",
  MX: "mail.example.net",
  TXT: "v=spf1 -all",
  NS: "ns1.example.net",
  SRV: "sip.example.net",
  CAA: '0 issue "letsencrypt.org"',
};

/** Add-record form: the fields shown follow the record type. */
export function RecordForm({ zone }: { zone: string }) {
  const [type, setType] = useState<(typeof TYPES)[number]>("A");
  const [state, action, pending] = useActionState<ActionState, FormData>(createRecordAction, {});
  // Live validation: a debounced check of the fields typed so far (the server's own rules).
  const [live, setLive] = useState<Record<string, string>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const form = new FormData(e.currentTarget);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!String(form.get("value") ?? "").trim()) return setLive({});
      setLive((await checkRecordAction(form)).fields ?? {});
    }, 300);
  };
  const bad = (f: string) => live[f] ?? state.fields?.[f];
  // Label by id (not by wrapping): the name of a field stays its label, not its options or error.
  const field = (name: string, label: string, el: (id: string) => React.ReactNode) => (
    <div className="flex flex-col text-sm">
      <label htmlFor={`dns-${name}`}>{label}</label>
      {el(`dns-${name}`)}
      {bad(name) && <span className="text-xs text-red-700 dark:text-red-400">{bad(name)}</span>}
    </div>
  );
  return (
    <form action={action} onChange={onChange} className="flex flex-wrap items-end gap-2" aria-label="Add record">
      <input type="hidden" name="zone" value={zone} />
      {field("name", "Name", (id) => (
        <input
          id={id}
          name="name"
          defaultValue={state.values?.name}
          placeholder="@ or www"
          className={`${input} w-32`}
        />
      ))}
      {field("type", "Type", (id) => (
        <select
          id={id}
          name="type"
          value={type}
          onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}
          className={input}
        >
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      ))}
      {(type === "MX" || type === "SRV") &&
        field("priority", "Priority", (id) => (
          <input
            id={id}
            name="priority"
            defaultValue={state.values?.priority}
            type="number"
            min={0}
            max={65535}
            required
            className={`${input} w-24`}
          />
        ))}
      {type === "SRV" &&
        field("weight", "Weight", (id) => (
          <input
            id={id}
            name="weight"
            defaultValue={state.values?.weight}
            type="number"
            min={0}
            max={65535}
            required
            className={`${input} w-20`}
          />
        ))}
      {type === "SRV" &&
        field("port", "Port", (id) => (
          <input
            id={id}
            name="port"
            defaultValue={state.values?.port}
            type="number"
            min={0}
            max={65535}
            required
            className={`${input} w-24`}
          />
        ))}
      {field(
        "value",
        type === "MX" || type === "SRV" || type === "CNAME" || type === "NS" ? "Target" : "Value",
        (id) => (
          <input
            id={id}
            name="value"
            defaultValue={state.values?.value}
            required
            placeholder={VALUE_HINT[type]}
            className={`${input} w-64`}
          />
        ),
      )}
      {field("ttl", "TTL (s)", (id) => (
        <input
          id={id}
          name="ttl"
          defaultValue={state.values?.ttl}
          type="number"
          min={30}
          max={604800}
          placeholder="3600"
          className={`${input} w-24`}
        />
      ))}
      <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
        Add record
      </button>
      <div className="basis-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
