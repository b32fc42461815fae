// The mid-term report as a Word document (.docx), made with the `docx` package
// (docs/decisions/2026-12-07-word-report.md): the printable report's content with real heading styles
// (Heading 1 the title, Heading 2 each section), tables Word and LibreOffice edit, the coalition's name
// in the page header and page numbers in the footer, A4 portrait. The progress chart is given as its
// table (chartTableNote). Pure: the report and today's date in, the file's bytes out.
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
import { AT_LEAST_PARTIALLY_DEFINITION } from "./dashboard-tables";
import { formatDate, RESPONSE_LABELS, STATUS_LABELS } from "./format";
import {
  chartTableNote,
  chartTableStep,
  chartTableRows,
  type MidtermReportContent,
  midtermReached,
  milestoneLines,
  pointsToDate,
  progressCaption,
  type ReportRecommendation,
  type ReportSection,
  reportAuthor,
  reportLead,
  reportTitle,
  SAMPLE_ASSESSMENT_LABEL,
  sectionSummaries,
  summaryHeadDates,
  summaryRows,
  unlinkedSentence,
} from "./midterm-report";
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
function table(widths: number[], head: Paragraph[][], body: Paragraph[][][], keepTogether = false): Table {
  const last = body.length - 1;
  return new Table({
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

function summaryTable(s: ReportSection, midterm: string | null, today: string): (Paragraph | Table)[] {
  const { now, then } = sectionSummaries(s.recommendations, midterm, today);
  const dates = summaryHeadDates(midterm, then !== null, today);
  return [
    caption("Summary"),
    table(
      SUMMARY_COLUMNS,
      [[small("")], [small("At mid-term", true), small(dates.then)], [small("Now", true), small(dates.now)]],
      summaryRows(now, then).map((r) => [[small(r.label, true)], [small(r.then)], [small(r.now)]]),
      true,
    ),
  ];
}

function chartTable(s: ReportSection, period: ReviewPeriod | null, today: string): (Paragraph | Table)[] {
  const points = pointsToDate(s.points, today);
  if (!period || points.length === 0) return [];
  const step = chartTableStep(points.length);
  return [
    caption(progressCaption(points)),
    new Paragraph({ keepNext: true, children: [text(chartTableNote(step), { size: SMALL, italics: true })] }),
    table(
      CHART_COLUMNS,
      [[small("Month", true)], ...STATUSES.map((st) => [small(STATUS_LABELS[st], true)])],
      chartTableRows(points, period, step).map((r) => [
        [small(formatDate(r.month)), ...r.milestones.map((m) => small(m))],
        ...STATUSES.map((st) => [small(String(r.counts[st]))]),
      ]),
      true,
    ),
  ];
}

function evidenceCell(r: ReportRecommendation): Paragraph[] {
  const out = r.evidence
    ? paragraphs(`${r.evidence}${r.organisation ? ` (${r.organisation})` : ""}`, { size: SMALL })
    : [small("—")];
  if (r.sourceUrls.length) {
    out.push(small("Sources:"));
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
  if (r.isSample) out.push(small(SAMPLE_ASSESSMENT_LABEL, true));
  return out;
}

function recommendationsTable(s: ReportSection, midterm: string | null, today: string): (Paragraph | Table)[] {
  const reached = midtermReached(midterm, today);
  return [
    caption("Recommendations linked to this issue"),
    table(
      RECOMMENDATION_COLUMNS,
      [
        [small("¶", true)],
        [small("Recommendation", true)],
        [small("Response", true)],
        [small(reached ? `At mid-term (${formatDate(midterm)})` : "At mid-term", true)],
        [small("Now", true)],
        [small("Evidence", true)],
      ],
      s.recommendations.map((r) => [
        [small(r.paragraph ?? "—")],
        [
          ...paragraphs(r.text, { size: SMALL }),
          ...(r.recommendingStates.length
            ? [
                new Paragraph({
                  children: [
                    text(`(recommended by ${r.recommendingStates.join(", ")})`, { size: SMALL, italics: true }),
                  ],
                }),
              ]
            : []),
        ],
        [small(RESPONSE_LABELS[r.response])],
        [small(r.statusAtMidterm && reached ? STATUS_LABELS[r.statusAtMidterm] : "not reached yet")],
        [small(STATUS_LABELS[r.status]), ...(r.asOf ? [small(`as of ${formatDate(r.asOf)}`)] : [])],
        evidenceCell(r),
      ]),
    ),
  ];
}

function section(
  s: ReportSection,
  report: MidtermReportContent,
  today: string,
  withRecommendations: boolean,
): (Paragraph | Table)[] {
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [text(s.title)] }),
    ...(s.description ? [new Paragraph({ children: [text(s.description, { italics: true })] })] : []),
    ...summaryTable(s, report.midterm, today),
    ...chartTable(s, report.period, today),
    ...(withRecommendations ? recommendationsTable(s, report.midterm, today) : []),
  ];
}

/** The report as a .docx file. `coalition`: the coalition's name (COALITION_NAME), if set. */
export async function midtermReportDocx(
  report: MidtermReportContent,
  today: string,
  coalition: string | null,
): Promise<Uint8Array<ArrayBuffer>> {
  const who = reportAuthor(coalition, report.organisations);
  const title = reportTitle(report.review);
  const hasSample = report.overall.recommendations.some((r) => r.isSample);
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text(title)] }),
    new Paragraph({ children: [text("Prepared by "), text(who, { bold: true }), text(` · ${formatDate(today)}`)] }),
    ...(hasSample ? [new Paragraph({ children: [text("Sample data, not real assessments.", { bold: true })] })] : []),
    new Paragraph({ children: [text(reportLead(report.review, report.period, today))] }),
    ...(report.period
      ? milestoneLines(report.period).map((line) => new Paragraph({ bullet: { level: 0 }, children: [text(line)] }))
      : []),
    new Paragraph({ children: [text(AT_LEAST_PARTIALLY_DEFINITION, { size: SMALL })] }),
    ...section(report.overall, report, today, false),
    new Paragraph({ spacing: { before: 160 }, children: [text(unlinkedSentence(report))] }),
    ...report.issues.filter((s) => s.recommendations.length > 0).flatMap((s) => section(s, report, today, true)),
  ];
  const doc = new Document({
    title,
    creator: who,
    description: `Mid-term report: ${report.review.stateName}, cycle ${report.review.cycle}`,
    styles: {
      default: { document: { run: { font: "Arial", size: 20 } } },
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
            children: [new Paragraph({ children: [text(`${who} · ${formatDate(today)}`, { size: SMALL })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ size: SMALL, children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] }),
                ],
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
