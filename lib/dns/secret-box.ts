import "server-only";
import { openSecret, sealSecret } from "../secrets/box";

// DNSSEC private keys at rest: the product's secret box (lib/secrets/box.ts) with the "dns"
// purpose, whose derived key (without SECRETS_KEY) is the one DNSSEC keys were always sealed with.

export const seal = (plain: Buffer, context: string) => sealSecret(plain, context, "dns");
export const open = (sealed: string, context: string) => openSecret(sealed, context, "dns");
