import type { ReactNode } from "react";

/** Two looks of a field: `field`, the grid block of the editing forms (`.field`: label, control, hint, error
 * one under the other, the error a `p.error`); `line`, a paragraph of the short account forms (sign in, set-up,
 * users, password: a line break after the label, the error a `span.warn` after the control). */
type FieldLayout = "field" | "line";

/** What the control (input, select, textarea) gets: spread it on the element. */
export interface FieldControl {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * One form field: the label (for the control's id), the control, an optional hint (`${id}-hint`) and the error
 * beside it (`${id}-error`, only when there is one). The control is drawn by `children`, which receives the id,
 * name, aria-invalid (only when there is an error) and aria-describedby (the hint's and the error's ids).
 * Forms submit without JavaScript; the server's message for the field is passed back in as `error`.
 */
export function FormField(props: {
  id: string;
  /** The form field's name; the id when not given. */
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message to show beside the field; none when empty or undefined. */
  error?: string;
  layout?: FieldLayout;
  /** `line` only: the hint beside the label rather than after the control. */
  hintBesideLabel?: boolean;
  children: (control: FieldControl) => ReactNode;
}) {
  const { id, hint, error, layout = "field" } = props;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const control = props.children({
    id,
    name: props.name ?? id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  });
  const label = <label htmlFor={id}>{props.label}</label>;
  if (layout === "field") {
    return (
      <div className="field">
        {label}
        {control}
        {hint ? (
          <span className="note" id={hintId}>
            {hint}
          </span>
        ) : null}
        <FieldError id={id} error={error} />
      </div>
    );
  }
  const besideLabel = Boolean(props.hintBesideLabel);
  return (
    <p>
      {label}
      {hint && besideLabel ? (
        <span className="hint" id={hintId}>
          {" "}
          {hint}
        </span>
      ) : null}
      <br />
      {control}
      {hint && !besideLabel ? (
        <span className="muted" id={hintId}>
          {" "}
          {hint}
        </span>
      ) : null}
      <FieldError id={id} error={error} layout="line" />
    </p>
  );
}

/** The error of a field (`${id}-error`), as FormField draws it; on its own for a group such as radio buttons. */
export function FieldError(props: { id: string; error?: string; layout?: FieldLayout }) {
  if (!props.error) return null;
  return props.layout === "line" ? (
    <span className="warn" id={`${props.id}-error`}>
      {" "}
      {props.error}
    </span>
  ) : (
    <p className="error" id={`${props.id}-error`}>
      {props.error}
    </p>
  );
}
