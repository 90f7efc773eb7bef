import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/request/current-actor";
import { ensureReady } from "@/lib/startup";
import { ConsoleNav } from "@/components/console-nav";
import { ThemeToggle } from "@/components/theme-toggle";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  await ensureReady();
  const actor = await currentActor();
  if (!actor) redirect("/signin");
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-2 pt-[max(0.5rem,env(safe-area-inset-top))] dark:border-slate-800">
        <Link href="/" className="font-semibold">
          SecureNexus Control
        </Link>
        <div className="flex items-center gap-2 text-sm">
          <span data-testid="signed-in-as" className="hidden sm:inline">
            {actor.username}
          </span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1">
        <ConsoleNav />
        <main className="min-w-0 flex-1 p-4 pb-24 md:pb-4">{children}</main>
      </div>
    </div>
  );
}
