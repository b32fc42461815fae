// "Tick all shown" of a bulk form: a box of its own, posted as allShown=1, so that it works without
// JavaScript (the server then takes every recommendation the page showed); with JavaScript it also
// ticks or unticks the boxes named "ids" of its form, so the page shows what will be saved.
import type { ChangeEvent } from "react";
import { useTranslation } from "react-i18next";

export function TickAllShown(props: { count: number; defaultChecked: boolean }) {
  const { t } = useTranslation();
  const toggle = (event: ChangeEvent<HTMLInputElement>) => {
    const form = event.currentTarget.form;
    if (!form) return;
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="ids"]'))
      box.checked = event.currentTarget.checked;
  };
  return (
    <p className="bulk-select">
      <label>
        <input type="checkbox" name="allShown" value="1" defaultChecked={props.defaultChecked} onChange={toggle} />{" "}
        {t("assess.tickAll", { count: props.count })}
      </label>{" "}
      <span className="muted small">{t("assess.tickAllNote")}</span>
    </p>
  );
}
