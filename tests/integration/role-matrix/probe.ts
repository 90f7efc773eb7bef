import type { Op } from "../tenant-isolation/call";
import type { Caller, World } from "../tenant-isolation/world";

/** Whose thing a probe acts on: tenant A's ("A"), the caller's own ("self"), the whole
 *  installation's, or one named user's own things (another caller's, e.g. "aUser"). */
export type Target = "A" | "self" | "installation" | Caller;

/** One way the matrix calls a door: a GraphQL operation or a server action, with valid
 *  arguments (fresh resources when the call uses them up). */
export type Probe = {
  target: Target;
  graphql?: (w: World, caller: Caller) => Op | Promise<Op>;
  /** calls the server action as the caller (next/headers carries the caller's token) */
  action?: (w: World, caller: Caller) => Promise<unknown>;
  /** a string only the target's data holds: a permitted answer has it */
  marker?: (w: World, caller: Caller) => string | undefined;
  /** a list or stream: an answer without the marker is a denial */
  filtered?: boolean;
  docker?: boolean;
  /** subscriptions: makes the target's event happen */
  trigger?: (w: World) => Promise<void>;
  /** why a permitted caller is not called (the refusals are still tried) */
  skipAllowed?: string;
};
