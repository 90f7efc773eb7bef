import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "DNS" };

export default function Page() {
  return <NotBuilt area="DNS" issue="issue 4 (DNS)" />;
}
