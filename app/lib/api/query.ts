// The read API's parameters, read strictly: where a page ignores what it does not understand and says so,
// the API answers 400 and names it, so that a script never gets more (or other) data than it asked for.
// An unknown parameter, one given twice, or a value its schema refuses is a problem; a blank one is absent.
// Pure: no database.
import { z } from "zod";
import { ignoredParameter } from "../query-params";

/** Names that are not `allowed`, and names given more than once, each as a problem for the error answer. */
export function parameterNameProblems(params: URLSearchParams, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (!allowed.includes(name)) problems.push(ignoredParameter(name, params.get(name) ?? ""));
    else if (params.getAll(name).length > 1) problems.push(`${name} (given more than once)`);
  }
  return problems;
}

type Read<S extends Record<string, z.ZodType>> = { [K in keyof S]?: z.output<S[K]> };

/**
 * Reads the parameters of `shape` (and refuses any other): `{ ok: true, value }`, or `{ ok: false, problems }`
 * naming each refused parameter as "name=value".
 */
export function readParameters<S extends Record<string, z.ZodType>>(
  params: URLSearchParams,
  shape: S,
  alsoAllowed: readonly string[] = [],
): { ok: true; value: Read<S> } | { ok: false; problems: string[] } {
  const problems = parameterNameProblems(params, [...Object.keys(shape), ...alsoAllowed]);
  const value: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "" || params.getAll(name).length > 1) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) value[name] = parsed.data;
    else problems.push(ignoredParameter(name, raw));
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: value as Read<S> };
}

/** The allowed values of a parameter whose schema is an enumeration, to say in the error; else null. */
export function allowedValues(schema: z.ZodType | undefined): string[] | null {
  return schema instanceof z.ZodEnum ? (schema.options as string[]).map(String) : null;
}

/** The error message for refused parameters: each named, with the values allowed where they are few. */
export function parameterMessage(problems: string[], schemas: Readonly<Record<string, z.ZodType>>): string {
  const hints = problems.map((p) => {
    if (p.includes(" (")) return p; // it says its reason already
    const name = p.split("=", 1)[0]!;
    if (!(name in schemas)) return `${p} (unknown parameter)`;
    const values = allowedValues(schemas[name]);
    return values ? `${p} (one of: ${values.join(", ")})` : p;
  });
  return `Parameters not understood: ${hints.join("; ")}. Nothing was answered; see /api/v1/openapi.json.`;
}
