// For developers translating pages: lists the English interface words each page still shows in each
// language. `npx tsx tests/helpers/check-page-words.ts http://127.0.0.1:3100 /dashboard /issues [--cookie "..."]`
// (against a running app, `npm start`). The test of record is tests/e2e/languages.test.ts.
import { englishLeft } from "./interface-words";

const [base, ...rest] = process.argv.slice(2);
const cookieAt = rest.indexOf("--cookie");
const cookie = cookieAt >= 0 ? rest.splice(cookieAt, 2)[1] : undefined;
if (!base || rest.length === 0) {
  console.error("usage: check-page-words.ts BASE_URL PATH [PATH ...] [--cookie COOKIE]");
  process.exit(2);
}
let failed = false;
for (const path of rest) {
  for (const lng of ["fr", "es", "sw", "ar"]) {
    const url = `${base}${path}${path.includes("?") ? "&" : "?"}lang=${lng}`;
    const res = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
    const left = englishLeft(await res.text(), lng);
    if (left.length > 0 || !res.ok) failed = true;
    console.log(`${res.status} ${lng} ${path}: ${left.length === 0 ? "ok" : left.join(" ")}`);
  }
}
process.exit(failed ? 1 : 0);
