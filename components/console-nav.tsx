"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(href + "/");
}

/** Sidebar on desktop, scrollable bottom bar on a phone. */
export function ConsoleNav() {
  const pathname = usePathname();
  const link = (item: (typeof NAV_ITEMS)[number], mobile: boolean) => (
    <Link
      key={item.href}
      href={item.href}
      aria-current={isActive(pathname, item.href) ? "page" : undefined}
      className={
        (mobile ? "shrink-0 px-3 py-3 text-xs " : "block rounded-md px-3 py-2 text-sm ") +
        (isActive(pathname, item.href)
          ? "bg-slate-200 font-semibold dark:bg-slate-800"
          : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-900")
      }
    >
      {item.label}
    </Link>
  );
  return (
    <>
      <nav
        aria-label="Main"
        data-testid="sidebar"
        className="hidden w-56 shrink-0 border-r border-slate-200 p-3 md:block dark:border-slate-800"
      >
        {NAV_ITEMS.map((i) => link(i, false))}
      </nav>
      <nav
        aria-label="Main (mobile)"
        data-testid="bottom-nav"
        className="fixed inset-x-0 bottom-0 z-10 flex overflow-x-auto border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden dark:border-slate-800 dark:bg-slate-950"
      >
        {NAV_ITEMS.map((i) => link(i, true))}
      </nav>
    </>
  );
}
