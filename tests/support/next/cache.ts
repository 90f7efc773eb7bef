// Stand-in for next/cache: nothing to revalidate outside a running Next server.
//   vi.mock("next/cache", () => import("../support/next/cache"));
export const revalidatePath = () => undefined;
