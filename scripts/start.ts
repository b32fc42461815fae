// `npm start`: the HTTP server (server/serve.ts) with the validated environment.
import { serve } from "../server/serve";
import { runMain } from "./lib/cli";

runMain(serve);
