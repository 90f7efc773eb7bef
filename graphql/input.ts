// GraphQL input → domain input. GraphQL hands an optional field left out as `undefined` and an
// explicit `null` as `null`; the domain knows "given" and "not given" (absent). Where `null`
// means "clear it" (a client's billing) the caller names the field in `keepNull`. IDs need no
// conversion: graphql-js coerces every ID input to a string.

/** `T` without `null` in its fields, except the fields in `Keep`. */
export type Given<T, Keep extends keyof T = never> = { [K in keyof T]?: K extends Keep ? T[K] : Exclude<T[K], null> };

/** The fields of `input` that were given: nulls dropped (but for `keepNull`), undefined dropped. */
export function given<T extends object, Keep extends keyof T = never>(
  input: T | null | undefined,
  keepNull: readonly Keep[] = [],
): Given<T, Keep> {
  if (!input) return {};
  const kept = (k: string) => (keepNull as readonly PropertyKey[]).includes(k);
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || kept(k))),
  ) as Given<T, Keep>;
}
