import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Monitoring" };

export default function Page() {
  return <NotBuilt area="Monitoring" issue="the monitoring work" />;
}
