import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Clients" };

export default function Page() {
  return <NotBuilt area="Clients" issue="issue 6 (Clients)" />;
}
