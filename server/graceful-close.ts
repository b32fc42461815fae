// Closing the HTTP server gracefully (server/serve.ts on SIGTERM or SIGINT): no new connection is
// accepted, idle keep-alive connections are closed at once and others as soon as their answer is sent,
// and answers in flight (a long download) get `graceMs` to finish before their connections are cut.
import type { Server } from "node:http";

/** Resolves once every connection is closed; `cut` says whether some had to be cut at the time limit. */
export async function closeGracefully(server: Server, graceMs: number): Promise<{ cut: boolean }> {
  let cut = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A keep-alive connection whose answer ended since becomes idle: close it too.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const limit = setTimeout(() => {
    cut = true;
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(limit);
  }
  return { cut };
}
