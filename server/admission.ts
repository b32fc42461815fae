// At most `limit` reads are made at once; the others wait at the door, in arrival order. Two cores
// make only so many pages a second whatever the number of requests in progress; with all of them in
// progress at once, every page waits behind every other one for the database (and on the embedded
// engine, past a client's time-out, work is spent on answers nobody waits for any more). At the door,
// a request that was given up while waiting costs nothing. Requests that may change data (any method
// but GET, HEAD and OPTIONS) never wait here: they are in the writer lane (db/lanes.ts); nor do the
// requests `exempt` names (downloads, which would hold a place for their whole transfer).
import type { NextFunction, Request, Response } from "express";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function admission(limit: number, exempt: (path: string) => boolean = () => false) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()!();
    }
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (!READ_METHODS.has(req.method) || exempt(req.path)) return next();
    const start = () => {
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        release();
      };
      if (req.destroyed || res.destroyed || res.writableEnded) return end(); // the client has gone
      res.once("finish", end);
      res.once("close", end);
      next();
    };
    if (active < limit) {
      active++;
      start();
    } else waiting.push(start);
  };
}
