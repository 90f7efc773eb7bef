import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Services" };

export default function Page() {
  return <NotBuilt area="Services" issue="issue 3 (Services)" />;
}
