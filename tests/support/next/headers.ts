// Stand-in for next/headers outside a request (pages, layouts and server actions called as
// functions). One per suite, so every test file mocks Next alike:
//   vi.mock("next/headers", () => import("../support/next/headers"));
// and sets the request it plays: `nextRequest.headers = new Headers({ authorization: ... })`.
export const nextRequest = { headers: new Headers() };

export const headers = async () => nextRequest.headers;
export const cookies = async () => ({ get: (): undefined => undefined });
