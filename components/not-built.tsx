/** Plain statement for an area that is not built yet: no fake data. */
export function NotBuilt({ area, issue }: { area: string; issue: string }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <h1 className="text-xl font-semibold">{area}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400" data-testid="not-built">
        {area} is not built yet. It arrives with {issue}.
      </p>
    </div>
  );
}
