// Every event topic and its payload type. Subscribers filter each event through the same
// authorization as queries (the watch* functions in lib/<domain>), so payloads carry scope fields.
export type EventTopics = {
  "audit.created": { id: string; userId: string; action: string; result: string; createdAt: string };
  "client.status": { clientId: string; status: string };
  /** one provisioning step's change or log line (lib/provisioning) */
  "client.provisioning": {
    clientId: string;
    runId: string;
    step: string | null;
    status: string;
    percent: number;
    line: string | null;
  };
  "service.status": { serviceId: string; clientId: string | null; status: string };
  "backup.progress": { backupId: string; clientId: string | null; percent: number; message: string };
  "alert.created": { alertId: string; clientId: string | null; name: string; severity: string };
  /** a user's rights shrank (session or token revoked, account deactivated, role or membership
   *  removed): their open streams re-check at once (lib/auth/request/stream-rights.ts). null = anyone's. */
  "auth.revoked": { userId: string | null; reason: string };
};
export type Topic = keyof EventTopics;
export type Unsubscribe = () => void;

export interface EventBus {
  readonly kind: "memory" | "redis";
  publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void>;
  subscribe<T extends Topic>(topic: T, handler: (payload: EventTopics[T]) => void): Unsubscribe;
  close(): Promise<void>;
}
