import { graphqlHandler } from "@/graphql/route-handler";
import { withMetrics } from "@/lib/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = withMetrics("/api/graphql", graphqlHandler("/api/graphql"));
export { handle as GET, handle as POST, handle as OPTIONS };
