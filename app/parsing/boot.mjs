// The first module of a parsing worker (app/parsing/pool.server.ts): TypeScript is compiled as it
// loads (tsx, as `npm start` and the scripts run), then the worker's own module takes its jobs.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
