import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Scripts" };

export default function Page() {
  return <NotBuilt area="Scripts" issue="issue 3 (Services)" />;
}
