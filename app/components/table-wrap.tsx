import { type ReactNode, useId } from "react";

/**
 * The box of every table that may be wider than the screen: it scrolls sideways (styles-pages.css), so it is a
 * region the keyboard can reach and scroll with the arrow keys, named by the table's caption. Give the
 * children as a function of the caption's id (`{(captionId) => <table><caption id={captionId}>…`), or a label
 * when the table has no caption.
 */
export function TableWrap(
  props: { children: (captionId: string) => ReactNode; label?: never } | { children: ReactNode; label: string },
) {
  const captionId = useId();
  const named = typeof props.children === "function" ? { "aria-labelledby": captionId } : { "aria-label": props.label };
  return (
    // A scrolling box must take the keyboard's focus (WCAG 2.1.1): a named region is the pattern for it.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" tabIndex={0} {...named}>
      {typeof props.children === "function" ? props.children(captionId) : props.children}
    </div>
  );
}
