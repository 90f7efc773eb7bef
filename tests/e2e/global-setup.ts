// Starts what the e2e tests need besides the app (the OpenID provider: tests/e2e/support/).
export default async function globalSetup() {}
