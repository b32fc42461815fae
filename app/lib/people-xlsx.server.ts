// The export for people as an .xlsx workbook: one sheet, the header row frozen, columns sized. Text
// cells stay text (a value starting with "=" is not made a formula). SheetJS's community edition does
// not write frozen panes, so the sheet's view gets its <pane> after writing (the zip is edited in place).
import * as XLSX from "@e965/xlsx";

interface ZipEntry {
  content: Uint8Array | number[];
  size?: number;
}

export function peopleWorkbook(header: readonly string[], rows: (string | number)[][], widths: number[]): Buffer {
  const sheet = XLSX.utils.aoa_to_sheet([[...header], ...rows]);
  sheet["!cols"] = widths.map((wch) => ({ wch }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "Recommendations");
  const written = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
  return freezeHeaderRow(written);
}

function freezeHeaderRow(xlsx: Buffer): Buffer {
  const cfb = XLSX.CFB as {
    read: (data: Buffer, options: { type: "buffer" }) => unknown;
    find: (zip: unknown, path: string) => ZipEntry | null;
    write: (zip: unknown, options: { type: "buffer"; fileType: "zip"; compression: boolean }) => Buffer;
  };
  const zip = cfb.read(xlsx, { type: "buffer" });
  const entry = cfb.find(zip, "/xl/worksheets/sheet1.xml");
  if (!entry) return xlsx;
  const xml = Buffer.from(entry.content).toString("utf8");
  const frozen = xml.replace(
    /<sheetView ([^>]*?)\/>/,
    '<sheetView $1><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>',
  );
  if (frozen === xml) return xlsx;
  const bytes = Buffer.from(frozen, "utf8");
  entry.content = bytes;
  entry.size = bytes.length;
  return Buffer.from(cfb.write(zip, { type: "buffer", fileType: "zip", compression: true }));
}
