"use client";
import { useEffect, useState } from "react";

/** Light/dark switch; the choice persists in localStorage (default: follow the system). */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  function toggle() {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("theme", next ? "dark" : "light");
    setDark(next);
  }
  return (
    <button type="button" onClick={toggle} aria-label="Toggle dark mode" data-testid="theme-toggle"
      className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">
      {dark ? "Light" : "Dark"}
    </button>
  );
}
