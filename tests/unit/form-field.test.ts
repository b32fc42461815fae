// The ids and aria attributes every form's fields get from FormField (the browser tests find errors by these ids).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormField, type FieldControl } from "~/components/form-field";

const input = (control: FieldControl) => createElement("input", { ...control, type: "text" });

function render(props: Omit<Parameters<typeof FormField>[0], "children">): string {
  return renderToStaticMarkup(createElement(FormField, { ...props, children: input }));
}

describe("FormField", () => {
  it("without an error or hint: the label names the control; no aria attributes", () => {
    expect(render({ id: "asOf", label: "As of" })).toBe(
      '<div class="field"><label for="asOf">As of</label><input id="asOf" name="asOf" type="text"/></div>',
    );
  });

  it("names the control apart from its id, and joins the hint's and the error's ids", () => {
    expect(
      render({ id: "new-title", name: "title", label: "Title", hint: "What it is called.", error: "Too long" }),
    ).toBe(
      '<div class="field"><label for="new-title">Title</label>' +
        '<input id="new-title" name="title" aria-invalid="true" aria-describedby="new-title-hint new-title-error" type="text"/>' +
        '<span class="note" id="new-title-hint">What it is called.</span>' +
        '<p class="error" id="new-title-error">Too long</p></div>',
    );
  });

  it("an empty message is no error", () => {
    expect(render({ id: "email", label: "Email", error: "" })).not.toContain("aria-invalid");
  });

  it("line: a paragraph, the hint after the control (or beside the label), the error a span.warn", () => {
    expect(
      render({ id: "password", label: "Password", hint: "At least 12.", error: "Too short", layout: "line" }),
    ).toBe(
      '<p><label for="password">Password</label><br/>' +
        '<input id="password" name="password" aria-invalid="true" aria-describedby="password-hint password-error" type="text"/>' +
        '<span class="muted" id="password-hint"> At least 12.</span>' +
        '<span class="warn" id="password-error"> Too short</span></p>',
    );
    expect(render({ id: "org", label: "Organisation", hint: "(public)", hintBesideLabel: true, layout: "line" })).toBe(
      '<p><label for="org">Organisation</label><span class="hint" id="org-hint"> (public)</span><br/>' +
        '<input id="org" name="org" aria-describedby="org-hint" type="text"/></p>',
    );
  });
});
