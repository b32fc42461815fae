// An Atom 1.0 feed (RFC 4287) as text: the feed's id, title, updated, author and links, and its
// entries with id, title, updated, link, summary and author. Every text is XML-escaped, and
// characters XML 1.0 does not allow (control characters, lone surrogates) are dropped. Pure.

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  link: string;
  summary: string;
  authorName: string;
}

export interface AtomFeed {
  id: string;
  /** The language of the feed's words (xml:lang), such as "fr". */
  lang?: string;
  title: string;
  subtitle?: string;
  updated: Date;
  authorName: string;
  selfHref: string;
  alternateHref: string;
  entries: AtomEntry[];
}

/* eslint-disable no-control-regex -- control characters are what this removes */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/** Text as XML character data or an attribute value (double-quoted). */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A date as Atom writes it: RFC 3339 in UTC, whole seconds. */
export function atomDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function atomFeed(feed: AtomFeed): string {
  const e = xmlEscape;
  const entries = feed.entries.map(
    (entry) => `  <entry>
    <id>${e(entry.id)}</id>
    <title type="text">${e(entry.title)}</title>
    <updated>${atomDate(entry.updated)}</updated>
    <link rel="alternate" type="text/html" href="${e(entry.link)}"/>
    <author><name>${e(entry.authorName)}</name></author>
    <summary type="text">${e(entry.summary)}</summary>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${feed.lang ? ` xml:lang="${e(feed.lang)}"` : ""}>
  <id>${e(feed.id)}</id>
  <title type="text">${e(feed.title)}</title>
${feed.subtitle ? `  <subtitle type="text">${e(feed.subtitle)}</subtitle>\n` : ""}  <updated>${atomDate(feed.updated)}</updated>
  <author><name>${e(feed.authorName)}</name></author>
  <link rel="self" type="application/atom+xml" href="${e(feed.selfHref)}"/>
  <link rel="alternate" type="text/html" href="${e(feed.alternateHref)}"/>
${entries.join("")}</feed>
`;
}
