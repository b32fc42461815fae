import { type ReactNode, useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** Charts draw in the browser; the server (and a browser without JavaScript) shows the table instead. */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  // false while rendering on the server and hydrating, true in the browser from then on.
  const mounted = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return <>{mounted ? children() : fallback}</>;
}
