import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Users" };

export default function Page() {
  return <NotBuilt area="Users" issue="issue 5 (Identity)" />;
}
