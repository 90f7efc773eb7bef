import { db } from "@/lib/db";
import { ensureReady } from "@/lib/startup";
import { SetupForm } from "./setup-form";

export const metadata = { title: "First administrator" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  await ensureReady();
  const { token } = await searchParams;
  const done = (await db().user.count()) > 0;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center p-6">
      <h1 className="mb-2 text-2xl font-semibold">Create the first administrator</h1>
      {done ? (
        <p>
          Setup is complete.{" "}
          <a className="underline" href="/signin">
            Sign in
          </a>
          .
        </p>
      ) : !token ? (
        <p>Open the setup link printed in the server log.</p>
      ) : (
        <SetupForm token={token} />
      )}
    </main>
  );
}
