// Stand-in for next/navigation: notFound() and redirect() throw what Next's do (an error whose
// digest names the outcome), so a test asserts the 404 or the target of the redirect.
//   vi.mock("next/navigation", () => import("../support/next/navigation"));
const thrown = (digest: string) => Object.assign(new Error(digest), { digest });

export const notFound = (): never => {
  throw thrown("NEXT_HTTP_ERROR_FALLBACK;404");
};
export const redirect = (url: string): never => {
  throw thrown(`NEXT_REDIRECT;${url}`);
};
export const useRouter = () => ({ refresh: () => undefined });
