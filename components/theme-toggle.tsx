"use client";

/** Light/dark switch; the choice persists in localStorage (default: follow the system).
 *  The label comes from CSS (the `dark` class), so server and client render the same markup. */
export function ThemeToggle() {
  function toggle() {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("theme", next ? "dark" : "light");
  }
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label="Toggle dark mode"
      data-testid="theme-toggle"
      className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700"
    >
      <span className="dark:hidden">Dark</span>
      <span className="hidden dark:inline">Light</span>
    </button>
  );
}
