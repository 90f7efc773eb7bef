import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/request/current-actor";
import { safeCallbackPath } from "@/lib/auth/session/callback-url";
import { config } from "@/lib/config";
import { ensureReady } from "@/lib/startup";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await ensureReady();
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, config().APP_URL);
  if (await currentActor()) redirect(callbackUrl);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center p-6">
      <h1 className="mb-6 text-2xl font-semibold">SecureNexus Control</h1>
      <SignInForm callbackUrl={callbackUrl} oidc={config().oidcEnabled} error={params.error} />
    </main>
  );
}
