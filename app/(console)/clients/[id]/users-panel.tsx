"use client";
import { useActionState } from "react";
import { addClientUserAction, removeClientUserAction } from "./actions";
import type { ActionState } from "@/components/action-state";

type Row = { userId: string; username: string; email: string; role: "admin" | "user" };
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700";

/** The client's users; add/remove only for those the domain allows (it checks again). */
export function UsersPanel({ id, users, canManage }: { id: string; users: Row[]; canManage: boolean }) {
  const [addState, add, adding] = useActionState<ActionState, FormData>(addClientUserAction, {});
  const [removeState, remove, removing] = useActionState<ActionState, FormData>(removeClientUserAction, {});
  const error = addState.error ?? removeState.error;
  const ok = addState.ok ?? removeState.ok;
  return (
    <div className="space-y-2">
      {users.length === 0 ? (
        <p className="text-sm text-slate-500">No users yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {users.map((u) => (
            <li key={u.userId} data-testid="client-user" className="flex items-center gap-2 py-1">
              <span className="font-medium">{u.username}</span> <span className="text-slate-500">{u.email}</span>{" "}
              <span className="text-sm">{u.role}</span>
              {canManage && (
                <form action={remove}>
                  <input type="hidden" name="id" value={id} />
                  <input type="hidden" name="userId" value={u.userId} />
                  <button disabled={removing} className="text-sm underline">
                    Remove
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form action={add} className="flex flex-wrap items-end gap-2" aria-label="Add user">
          <input type="hidden" name="id" value={id} />
          <label className="flex flex-col text-sm">
            Username or e-mail
            <input name="user" required className={input} />
          </label>
          <label className="flex flex-col text-sm">
            Role
            <select name="role" defaultValue="user" className={input}>
              <option value="user">user</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <button disabled={adding} className={button}>
            Add user
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {ok}
        </p>
      )}
    </div>
  );
}
