import { graphqlHandler } from "@/graphql/route-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = graphqlHandler("/api/graphql");
export { handle as GET, handle as POST, handle as OPTIONS };
