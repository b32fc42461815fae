// A minimal Word .docx built in memory with fflate, for tests (no binary fixture is committed).
import { strToU8, zipSync } from "fflate";

export const W =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

/** A paragraph (with a tab stop in its layout, which is not text) of runs. */
export const p = (...runs: string[]) =>
  `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${runs.map((r) => `<w:r><w:t xml:space="preserve">${r}</w:t></w:r>`).join("")}</w:p>`;

/** A minimal .docx: the parts Word needs to open it, and those we read. */
export function buildDocx(body: string, footnotes?: string, endnotes?: string): Uint8Array<ArrayBuffer> {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    ),
  };
  if (footnotes !== undefined)
    files["word/footnotes.xml"] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${W}>${footnotes}</w:footnotes>`,
    );
  if (endnotes !== undefined)
    files["word/endnotes.xml"] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:endnotes ${W}>${endnotes}</w:endnotes>`,
    );
  return new Uint8Array(zipSync(files)); // backed by an ArrayBuffer, as File and Blob want
}
