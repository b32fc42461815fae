// The mid-term report as a Word document (.docx), made with the `docx` package
// (docs/decisions/2026-12-07-word-report.md): the printable report's content with real heading styles
// (Heading 1 the title, Heading 2 each section), tables Word and LibreOffice edit, the coalition's name
// in the page header and page numbers in the footer, A4 portrait. The progress chart is given as its
// table (chartTableNote). In the reader's language (ReportWords): the interface's words are translated, the
// recommendations' UN text and what people typed are as stored. Pure: the report, today's date and the
// words in, the file's bytes out.
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { STATUSES } from "../../db/schema";
import { languageDir } from "../i18n/languages";
import {
  chartTableNote,
  chartTableStep,
  chartTableRows,
  type MidtermReportContent,
  midtermReached,
  milestoneLines,
  milestoneName,
  pointsToDate,
  progressCaption,
  type ReportRecommendation,
  type ReportSection,
  reportAuthor,
  reportDate,
  reportLead,
  reportPercent,
  reportStateName,
  reportTitle,
  type ReportWords,
  sectionSummaries,
  sectionTitle,
  summaryHeadDates,
  summaryRows,
  unlinkedSentence,
} from "./midterm-report";
import { BEYOND_PROMISES, benchmarkRows, countsByResponse } from "./midterm-benchmark";
import type { ReviewPeriod } from "./review-period";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// A4 portrait in twentieths of a point (twips): 210 × 297 mm, margins of 18 mm left and right.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1021, right: 1021, header: 567, footer: 567 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 9864 twips, 17.4 cm

// Column widths (twips) that add up to the text width. The paragraph column holds "101.10" on one line;
// the status columns "In the process of implementation" on two.
const RECOMMENDATION_COLUMNS = [800, 2740, 1060, 1480, 1480, 2304];
const SUMMARY_COLUMNS = [4864, 2500, 2500];
const CHART_COLUMNS = [2204, ...STATUSES.map(() => (TEXT_WIDTH - 2204) / STATUSES.length)];

/** "Page 1 of 3" in the reader's language, as runs with Word's page fields in place of the two numbers. */
function pageOf({ t }: ReportWords): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  // Two private-use characters mark where the numbers go.
  return t("common.pageOf", { page: "\ue000", pages: "\ue001" })
    .split(/([\ue000\ue001])/)
    .filter((part) => part !== "")
    .map((part) => (part === "\ue000" ? PageNumber.CURRENT : part === "\ue001" ? PageNumber.TOTAL_PAGES : part));
}

/** Whether the document is written right to left (Arabic). */
const rtl = (w: ReportWords) => languageDir(w.lng) === "rtl";

/** Table text: 9 pt (docx sizes are in half-points). */
const SMALL = 18;
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

function text(value: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: value, ...options });
}

/** Lines of a text (evidence keeps its line breaks) as paragraphs. */
function paragraphs(value: string, options: { bold?: boolean; size?: number } = {}): Paragraph[] {
  return value.split(/\r?\n/).map((line) => new Paragraph({ children: [text(line, options)] }));
}

function cell(children: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    ...(header ? { shading: { fill: "E8E8E8" } } : {}),
  });
}

/**
 * A table of the text's width with fixed column widths and its first row repeated on each page. A small
 * table (`keepTogether`) stays on one page: no row breaks across pages, each kept with the next.
 */
function table(
  w: ReportWords,
  widths: number[],
  head: Paragraph[][],
  body: Paragraph[][][],
  keepTogether = false,
): Table {
  const last = body.length - 1;
  return new Table({
    // Right to left (Arabic): the first column on the right.
    ...(rtl(w) ? { visuallyRightToLeft: true } : {}),
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        keepNext: true,
        children: head.map((c, i) => cell(c, widths[i]!, true)),
      }),
      ...body.map(
        (row, r) =>
          new TableRow({
            cantSplit: keepTogether,
            keepNext: keepTogether && r < last,
            children: row.map((c, i) => cell(c, widths[i]!)),
          }),
      ),
    ],
  });
}

function heading(
  id: string,
  name: string,
  outlineLevel: number,
  size: number,
  spacing: { before?: number; after: number },
) {
  return {
    id,
    name,
    basedOn: "Normal",
    next: "Normal",
    quickFormat: true,
    run: { font: "Arial", size, bold: true },
    paragraph: { outlineLevel, keepNext: true, spacing },
  };
}

/** A table's caption: bold, kept on the page of its table. */
function caption(value: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: { before: 160, after: 60 },
    children: [text(value, { bold: true })],
  });
}

const small = (value: string, bold = false) => new Paragraph({ children: [text(value, { size: SMALL, bold })] });

function summaryTable(w: ReportWords, s: ReportSection, midterm: string | null, today: string): (Paragraph | Table)[] {
  const { t } = w;
  const { now, then } = sectionSummaries(s.recommendations, midterm, today);
  const dates = summaryHeadDates(w, midterm, then !== null, today);
  return [
    caption(t("report.summary")),
    table(
      w,
      SUMMARY_COLUMNS,
      [
        [small("")],
        [small(t("report.atMidterm"), true), small(dates.then)],
        [small(t("report.now"), true), small(dates.now)],
      ],
      summaryRows(w, now, then).map((r) => [[small(r.label, true)], [small(r.then)], [small(r.now)]]),
      true,
    ),
  ];
}

function chartTable(
  w: ReportWords,
  s: ReportSection,
  period: ReviewPeriod | null,
  today: string,
): (Paragraph | Table)[] {
  const { t } = w;
  const points = pointsToDate(s.points, today);
  if (!period || points.length === 0) return [];
  const step = chartTableStep(points.length);
  return [
    caption(progressCaption(w, points)),
    new Paragraph({ keepNext: true, children: [text(chartTableNote(w, step), { size: SMALL, italics: true })] }),
    table(
      w,
      CHART_COLUMNS,
      [[small(t("report.month"), true)], ...STATUSES.map((st) => [small(t(`common.status.${st}`), true)])],
      chartTableRows(points, period, step).map((r) => [
        [small(reportDate(w, r.month)), ...r.milestones.map((m) => small(milestoneName(w, m)))],
        ...STATUSES.map((st) => [small(String(r.counts[st]))]),
      ]),
      true,
    ),
  ];
}

/** The state's shares at mid-term beside UPR Info's study, with the source (as on the page). */
function benchmarkTable(w: ReportWords, report: MidtermReportContent, today: string): (Paragraph | Table)[] {
  const { t } = w;
  if (!report.midterm || !midtermReached(report.midterm, today)) return [];
  const byResponse = countsByResponse(
    report.overall.recommendations.map((r) => ({ response: r.response, status: r.statusAtMidterm ?? "not_assessed" })),
  );
  const state = reportStateName(w, report.review);
  // benchmarkRows gives the study's rows in this order: all, supported, noted.
  const labels = [t("report.benchmark.all"), t("report.benchmark.supported"), t("report.benchmark.noted")];
  return [
    caption(t("report.benchmark.caption", { date: reportDate(w, report.midterm), state })),
    table(
      w,
      SUMMARY_COLUMNS,
      [[small("")], [small(state, true)], [small(t("report.benchmark.study"), true)]],
      benchmarkRows(byResponse).map((r, i) => [
        [small(labels[i] ?? r.label, true)],
        [
          small(
            t("report.benchmark.share", {
              share: reportPercent(w, r.implemented, r.of),
              implemented: r.implemented,
              of: r.of,
            }),
          ),
        ],
        [small(t("report.benchmark.studyShare", { share: r.study }))],
      ]),
      true,
    ),
    small(t("report.benchmark.source", { source: BEYOND_PROMISES.source })),
  ];
}

function evidenceCell({ t }: ReportWords, r: ReportRecommendation): Paragraph[] {
  const out = r.evidence
    ? paragraphs(`${r.evidence}${r.organisation ? ` (${r.organisation})` : ""}`, { size: SMALL })
    : [small("—")];
  if (r.sourceUrls.length) {
    out.push(small(t("report.sources")));
    // The address printed whole as the link's text, so that it reads on paper and pastes as text.
    for (const url of r.sourceUrls)
      out.push(
        new Paragraph({
          children: [
            new ExternalHyperlink({
              link: url,
              children: [new TextRun({ text: url, size: SMALL, style: "Hyperlink" })],
            }),
          ],
        }),
      );
  }
  if (r.isSample) out.push(small(t("report.sampleAssessment"), true));
  return out;
}

function recommendationsTable(
  w: ReportWords,
  s: ReportSection,
  midterm: string | null,
  today: string,
): (Paragraph | Table)[] {
  const { t } = w;
  const reached = midtermReached(midterm, today);
  return [
    caption(t("report.linkedCaption")),
    table(
      w,
      RECOMMENDATION_COLUMNS,
      [
        [small("¶", true)],
        [small(t("common.recommendation"), true)],
        [small(t("common.response_label"), true)],
        [small(reached ? t("report.atMidtermDate", { date: reportDate(w, midterm) }) : t("report.atMidterm"), true)],
        [small(t("report.now"), true)],
        [small(t("common.evidence"), true)],
      ],
      s.recommendations.map((r) => [
        [small(r.paragraph ?? "—")],
        [
          ...paragraphs(r.text, { size: SMALL }),
          ...(r.recommendingStates.length
            ? [
                new Paragraph({
                  children: [
                    text(t("report.recommendedBy", { states: r.recommendingStates.join(", ") }), {
                      size: SMALL,
                      italics: true,
                    }),
                  ],
                }),
              ]
            : []),
        ],
        [small(t(`common.response.${r.response}`))],
        [small(r.statusAtMidterm && reached ? t(`common.status.${r.statusAtMidterm}`) : t("report.notReachedYet"))],
        [
          small(t(`common.status.${r.status}`)),
          ...(r.asOf ? [small(t("report.asOf", { date: reportDate(w, r.asOf) }))] : []),
        ],
        evidenceCell(w, r),
      ]),
    ),
  ];
}

function section(
  w: ReportWords,
  s: ReportSection,
  report: MidtermReportContent,
  today: string,
  withRecommendations: boolean,
): (Paragraph | Table)[] {
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [text(sectionTitle(w, s))] }),
    ...(s.description ? [new Paragraph({ children: [text(s.description, { italics: true })] })] : []),
    ...summaryTable(w, s, report.midterm, today),
    ...chartTable(w, s, report.period, today),
    ...(withRecommendations ? recommendationsTable(w, s, report.midterm, today) : []),
  ];
}

/**
 * The report as a .docx file. `coalition`: the coalition's name (COALITION_NAME), if set; `w`: the reader's
 * words and language (an Arabic document is written right to left).
 */
export async function midtermReportDocx(
  report: MidtermReportContent,
  today: string,
  coalition: string | null,
  w: ReportWords,
): Promise<Uint8Array<ArrayBuffer>> {
  const { t } = w;
  const who = reportAuthor(coalition, report.organisations);
  const title = reportTitle(w, report.review);
  const hasSample = report.overall.recommendations.some((r) => r.isSample);
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text(title)] }),
    new Paragraph({
      children: [text(t("report.preparedBy")), text(who, { bold: true }), text(` · ${reportDate(w, today)}`)],
    }),
    ...(hasSample ? [new Paragraph({ children: [text(t("layout.sampleTitle"), { bold: true })] })] : []),
    new Paragraph({ children: [text(reportLead(w, report.review, report.period, today))] }),
    ...(report.period
      ? milestoneLines(w, report.period).map((line) => new Paragraph({ bullet: { level: 0 }, children: [text(line)] }))
      : []),
    new Paragraph({ children: [text(t("report.atLeastPartiallyDefinition"), { size: SMALL })] }),
    ...section(w, report.overall, report, today, false),
    ...benchmarkTable(w, report, today),
    new Paragraph({ spacing: { before: 160 }, children: [text(unlinkedSentence(w, report))] }),
    ...report.issues.filter((s) => s.recommendations.length > 0).flatMap((s) => section(w, s, report, today, true)),
  ];
  const doc = new Document({
    title,
    creator: who,
    description: t("report.metaTitle", { state: reportStateName(w, report.review), cycle: report.review.cycle }),
    styles: {
      // Right to left (Arabic): every run (the paragraphs stay left to right: docx's defaults have no bidi).
      default: {
        document: {
          run: { font: "Arial", size: 20, ...(rtl(w) ? { rightToLeft: true } : {}) },
        },
      },
      // Word's own heading styles (named "heading 1", "heading 2", with their outline levels), so that the
      // navigation pane, a table of contents and LibreOffice's outline see them.
      paragraphStyles: [
        heading("Heading1", "heading 1", 0, 32, { after: 120 }),
        heading("Heading2", "heading 2", 1, 26, { before: 360, after: 120 }),
      ],
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        headers: {
          default: new Header({
            children: [new Paragraph({ children: [text(`${who} · ${reportDate(w, today)}`, { size: SMALL })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: SMALL, children: pageOf(w) })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.pack(doc, "arraybuffer"));
}
