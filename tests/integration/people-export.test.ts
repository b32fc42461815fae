// The export for people (/export/report-table): labels and names, the previous status and the date it
// changed, dates in the reader's locale, and an .xlsx with the header row frozen and columns sized.
import * as XLSX from "@e965/xlsx";
import Papa from "papaparse";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { recordAssessments } from "~/models/assessments.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import * as reportTable from "~/routes/export.report-table";
import { args } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const ORIGIN = "http://upr.test";
const fetchTable = async (query: string, language?: string) =>
  (await reportTable.loader(
    args(
      new Request(`${ORIGIN}/export/report-table${query}`, {
        headers: language ? { "Accept-Language": language } : {},
      }),
    ),
  )) as Response;

describeEachEngine("the export for people", (t) => {
  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    await seed(t.db);
    const editor = await createUser(
      t.db,
      {
        email: "people.export@example.org",
        password: "people export pw 1",
        role: "editor",
        organisation: { name: "Stop the Traffik Kenya" },
      },
      { userId: null },
    );
    if (!editor.ok) throw new Error("no editor");
    const rec = await t.db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", "101.3")
      .executeTakeFirstOrThrow();
    const fields = {
      organisationId: editor.user.organisationId,
      evidence: "Test evidence (test data).",
      sourceUrls: [],
    };
    const actor = { id: editor.user.id, role: "editor" as const };
    await recordAssessments(t.db, actor, [rec.id], { ...fields, status: "no_action", asOf: "2012-01-15" });
    await recordAssessments(t.db, actor, [rec.id], { ...fields, status: "partially_implemented", asOf: "2014-10-01" });
  });

  it("writes labels, names, the previous status and the date it changed, in the reader's locale", async () => {
    const res = await fetchTable("?state=KEN", "en-GB,en;q=0.8");
    expect(res.headers.get("Content-Disposition")).toMatch(/upr-monitor-report-table-KEN-\d{4}-\d{2}-\d{2}\.csv/);
    const rows = Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    const header = rows[0]!;
    expect(rows).toHaveLength(151);
    const col = (name: string) => header.indexOf(name);
    const row = rows.find((r) => r[col("Paragraph")] === "101.3")!;
    expect(row[col("State under review")]).toBe("Kenya");
    expect(row[col("Current status")]).toBe("Partially implemented");
    expect(row[col("Previous status")]).toBe("Little or no known action");
    expect(row[col("Status since")]).toBe("01/10/2014");
    expect(row[col("Response")]).toMatch(/^(Supported|Noted|Pending)$/);
    expect(row[col("Assessed by")]).toBe("Stop the Traffik Kenya");
    const other = rows.find((r) => r[col("Paragraph")] === "101.4")!;
    expect(other[col("Current status")]).toBe("Not assessed");
    expect(other[col("Previous status")]).toBe("");
    for (const r of rows.slice(1)) expect(r.join(" ")).not.toMatch(/partially_implemented|not_assessed|\bKEN\b/);
    const us = await fetchTable("?state=KEN&q=trafficking", "en-US");
    expect(await us.text()).not.toContain("01/10/2014");
    const chosen = Papa.parse<string[]>(
      (await (await fetchTable("?state=KEN&locale=de-DE", "en-US")).text()).replace(/^\uFEFF/, ""),
      {
        skipEmptyLines: true,
      },
    ).data;
    expect(chosen.find((r) => r[col("Paragraph")] === "101.3")![col("Status since")]).toBe("01.10.2014");
  });

  it("writes its column heads, labels and the state's name in the reader's language (Spanish)", async () => {
    const res = await fetchTable("?state=KEN&lang=es", "en-GB");
    expect(res.headers.get("Content-Language")).toBe("es");
    const rows = Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    const header = rows[0]!;
    expect(header.slice(0, 5)).toEqual(["Estado examinado", "Ciclo", "Período de sesiones", "Documento", "Párrafo"]);
    const col = (name: string) => header.indexOf(name);
    const row = rows.find((r) => r[col("Párrafo")] === "101.3")!;
    expect(row[col("Estado examinado")]).toBe("Kenia");
    expect(row[col("Situación actual")]).toBe("Aplicada parcialmente");
    expect(row[col("Situación anterior")]).toBe("Poca o ninguna acción conocida");
    // The language chosen in the address writes the dates its way too (Spanish: day/month/year).
    expect(row[col("Situación desde")]).toBe("01/10/2014");
    expect(row[col("Respuesta")]).toMatch(/^(Aceptada|Tomada en cuenta|Pendiente)$/);
    // The UN text stays as stored (English in the seed).
    expect(row[col("Recomendación")]).toMatch(/[a-z]/);
  });

  it("writes an .xlsx with the header row frozen and the columns sized", async () => {
    const res = await fetchTable("?state=KEN&format=xlsx", "en-GB");
    expect(res.headers.get("Content-Type")).toMatch(/spreadsheetml/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const book = XLSX.read(bytes, { type: "buffer", cellStyles: true });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(rows[0]![0]).toBe("State under review");
    expect(rows).toHaveLength(151);
    expect((sheet["!cols"] ?? []).length).toBeGreaterThan(10);
    const zip = XLSX.CFB.read(bytes, { type: "buffer" });
    const xml = Buffer.from(XLSX.CFB.find(zip, "/xl/worksheets/sheet1.xml").content).toString("utf8");
    expect(xml).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  });

  it("answers unknown filter values with 400, as the machine export does", async () => {
    expect((await fetchTable("?issue=no-such-issue")).status).toBe(400);
  });
});
