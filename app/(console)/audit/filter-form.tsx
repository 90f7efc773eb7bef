// The filters as a plain GET form: works without JavaScript, and the URL is the state (bookmarkable,
// and the export links reuse it). Times are UTC, as the table shows them.
const field =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export function AuditFilterForm({ values }: { values: Record<string, string> }) {
  const text = (name: string, label: string, placeholder?: string) => (
    <label className="block text-sm">
      <span className="mb-1 block text-slate-600 dark:text-slate-400">{label}</span>
      <input name={name} defaultValue={values[name] ?? ""} placeholder={placeholder} className={field} />
    </label>
  );
  const when = (name: string, label: string) => (
    <label className="col-span-2 block text-sm sm:col-span-1">
      <span className="mb-1 block text-slate-600 dark:text-slate-400">{label} (UTC)</span>
      <input type="datetime-local" name={name} defaultValue={values[name] ?? ""} className={field} />
    </label>
  );
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Audit filters"
      className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 p-3 lg:grid-cols-4 dark:border-slate-800"
    >
      {text("userId", "User id")}
      {text("action", "Action", "token.create or client.*")}
      {text("resourceType", "Resource type", "client, api_token …")}
      {text("resourceId", "Resource id")}
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600 dark:text-slate-400">Result</span>
        <select name="result" defaultValue={values.result ?? ""} className={field}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
          <option value="denied">Denied</option>
        </select>
      </label>
      {when("from", "From")}
      {when("to", "To")}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900"
        >
          Filter
        </button>
        <a
          href="/audit"
          className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-900"
        >
          Clear
        </a>
      </div>
    </form>
  );
}
