// The messages of the account forms' field rules (app/models/users.server.ts, shared with the command line,
// which speaks English) in the reader's language: each known English message has its words in the catalogue
// (`auth.field.*`); a message not known here is shown as it is. Pure: the routes' actions call it with
// requestT(request). Also the time a locked sign-in may be tried again, in the reader's language.
import type { TFunction } from "i18next";
import { localDate } from "~/i18n/format";
import type { Language } from "~/i18n/languages";

type Rule = [RegExp, (t: TFunction, m: RegExpExecArray) => string];

const RULES: Rule[] = [
  [/^Enter your email address\.$/, (t) => t("auth.field.emailEmpty")],
  [/^Enter an email address such as name@example\.org\.$/, (t) => t("auth.field.emailInvalid")],
  [/^An email address has at most (\d+) characters\.$/, (t, m) => t("auth.field.emailTooLong", { max: m[1] })],
  [/^Enter the password\.$/, (t) => t("auth.field.passwordEmpty")],
  [/^Enter a password\.$/, (t) => t("auth.field.passwordEmptyNew")],
  [/^A password needs at least (\d+) characters\.$/, (t, m) => t("auth.field.passwordTooShort", { min: m[1] })],
  [/^A password has at most (\d+) characters\.$/, (t, m) => t("auth.field.passwordTooLong", { max: m[1] })],
  [/^A name has at most (\d+) characters\.$/, (t, m) => t("auth.field.nameTooLong", { max: m[1] })],
  [/^Enter the organisation's name\.$/, (t) => t("auth.field.organisationEmpty")],
  [
    /^An organisation's name has at most (\d+) characters\.$/,
    (t, m) => t("auth.field.organisationTooLong", { max: m[1] }),
  ],
  [/^Choose admin or editor\.$/, (t) => t("auth.field.roleInvalid")],
  [/^Choose an organisation\.$/, (t) => t("auth.field.organisationChoose")],
  [/^The two passwords differ\.$/, (t) => t("auth.field.passwordsDiffer")],
  [/^The two new passwords differ\.$/, (t) => t("auth.field.newPasswordsDiffer")],
  [/^The new password must differ from the current one\.$/, (t) => t("auth.field.passwordSame")],
];

/** One field rule's message in the reader's language. */
export function fieldMessage(t: TFunction, message: string): string {
  for (const [pattern, words] of RULES) {
    const m = pattern.exec(message);
    if (m) return words(t, m);
  }
  return message;
}

/** Every message of a form's field errors (z.flattenError(...).fieldErrors) in the reader's language. */
export function localFieldErrors<E extends Partial<Record<string, string[]>>>(t: TFunction, errors: E): E {
  const out: Partial<Record<string, string[]>> = {};
  for (const [field, messages] of Object.entries(errors)) out[field] = messages?.map((m) => fieldMessage(t, m));
  return out as E;
}

/**
 * When a locked account may try again, rounded up to the minute: "14:05 UTC", or with the date when that is
 * more than 12 hours away ("6 May 2026, 14:05 UTC", "6 mai 2026, 14:05 UTC"). The words of retryTime in
 * app/lib/format.ts, in the reader's language.
 */
export function localRetryTime(t: TFunction, lng: Language, until: Date, now: Date = new Date()): string {
  const rounded = new Date(Math.ceil(until.getTime() / 60_000) * 60_000);
  const iso = rounded.toISOString();
  const time = iso.slice(11, 16);
  return rounded.getTime() - now.getTime() > 12 * 3_600_000
    ? t("common.retryAtDateTime", { date: localDate(lng, iso.slice(0, 10)), time })
    : t("common.retryAtTime", { time });
}
