import { NotBuilt } from "@/components/not-built";

export const metadata = { title: "Backups" };

export default function Page() {
  return <NotBuilt area="Backups" issue="the backups work" />;
}
