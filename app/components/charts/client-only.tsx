import { type ReactNode, useEffect, useState } from "react";

/** Charts draw in the browser; the server (and a browser without JavaScript) shows the table instead. */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : fallback}</>;
}
