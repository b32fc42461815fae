import { describe, expect, it } from "vitest";
import { decodeHtmlEntities, htmlToText } from "../../../app/import/readers";

describe("decodeHtmlEntities", () => {
  it("decodes named and numeric references", () => {
    expect(decodeHtmlEntities("Antigua &amp; Barbuda")).toBe("Antigua & Barbuda");
    expect(decodeHtmlEntities("C&ocirc;te d&#39;Ivoire")).toBe("Côte d'Ivoire");
    expect(decodeHtmlEntities("&quot;zero tolerance&quot;")).toBe('"zero tolerance"');
    expect(decodeHtmlEntities("Children&rsquo;s Act")).toBe("Children\u2019s Act");
    expect(decodeHtmlEntities("vis-&agrave;-vis &eacute; &Eacute; &nbsp;&euro;")).toBe("vis-à-vis é É \u00a0€");
    expect(decodeHtmlEntities("&#x2019; &#X201C; &#8221;")).toBe("\u2019 \u201c \u201d");
  });

  it("decodes once and leaves unknown or invalid references alone", () => {
    expect(decodeHtmlEntities("&amp;eacute;")).toBe("&eacute;");
    expect(decodeHtmlEntities("AT&T; &bogus; &#0; &#xD800; & a")).toBe("AT&T; &bogus; &#0; &#xD800; & a");
    expect(decodeHtmlEntities("no entity")).toBe("no entity");
  });
});

describe("htmlToText", () => {
  it("removes tags, decodes entities and collapses whitespace", () => {
    expect(
      htmlToText("<p>101.12 Continue the <b>core</b> elements of the Children&rsquo;s Act</p>\n<p>(Angola);</p>"),
    ).toBe("101.12 Continue the core elements of the Children\u2019s Act (Angola);");
    expect(htmlToText("a<br/>b<br>c")).toBe("a b c");
    expect(htmlToText("&lt;p&gt; stays text")).toBe("<p> stays text");
  });
});
