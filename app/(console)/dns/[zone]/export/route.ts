import { requireActor } from "@/lib/auth/request/current-actor";
import { exportZone } from "@/lib/dns/import-export";
import { HTTP_STATUS, isAppError } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The zone as an RFC 1035 master file, downloaded as db.<zone>. */
export async function GET(request: Request, { params }: { params: Promise<{ zone: string }> }) {
  try {
    const { zone } = await params;
    const { name, text } = await exportZone({
      actor: await requireActor(request.headers),
      zone: decodeURIComponent(zone),
    });
    return new Response(text, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="db.${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (isAppError(err)) return new Response(err.message, { status: HTTP_STATUS[err.code] });
    throw err;
  }
}
