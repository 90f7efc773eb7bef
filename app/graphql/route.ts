// The seed's endpoint (POST/GET /graphql), same server as /api/graphql.
import { graphqlHandler } from "@/graphql/route-handler";
import { withMetrics } from "@/lib/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = withMetrics("/graphql", graphqlHandler("/graphql"));
export { handle as GET, handle as POST, handle as OPTIONS };
