import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";

export interface FilterOption {
  value: string | number;
  label: ReactNode;
  /** Data, not interface: a label in the language it was written in ("en" for UN theme labels), or typed by people ("auto"). */
  lang?: string;
  dir?: "auto";
}

/**
 * One drop-down of a GET filter form: a label around a select named after its URL parameter, "All"
 * (the empty value) first unless `all` is null. A current value that is not among the options (a
 * facet with no match left) is kept as the first option, so applying the form does not drop it.
 */
export function FilterSelect(props: {
  name: string;
  label: string;
  value: string | number | undefined;
  options: FilterOption[];
  /** Options in named groups (`<optgroup>`), after the plain ones. */
  groups?: { label: string; options: FilterOption[] }[];
  all?: string | null;
  missingLabel?: (value: string | number) => string;
}) {
  const { t } = useTranslation();
  const all = props.all === undefined ? t("filters.all") : props.all;
  const current = props.value === undefined ? "" : String(props.value);
  const every = [...props.options, ...(props.groups ?? []).flatMap((g) => g.options)];
  const known = props.value === undefined || every.some((o) => String(o.value) === current);
  const options = known
    ? props.options
    : [
        { value: props.value!, label: props.missingLabel ? props.missingLabel(props.value!) : String(props.value) },
        ...props.options,
      ];
  return (
    <label>
      {props.label}{" "}
      <select name={props.name} defaultValue={current}>
        {all === null ? null : <option value="">{all}</option>}
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)} lang={o.lang} dir={o.dir}>
            {o.label}
          </option>
        ))}
        {(props.groups ?? []).map((g) =>
          g.options.length ? (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={String(o.value)} value={String(o.value)} lang={o.lang} dir={o.dir}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null,
        )}
      </select>
    </label>
  );
}
