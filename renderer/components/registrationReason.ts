/**
 * Wording of why a registration is incomplete, in the UI language: missing fields are listed
 * together under `counter.missing` ("Missing: serial number, dealer"); every other problem gets its
 * own `problem.<reason>` text ("serial number does not match this model's format"). Reason codes
 * are those of shared/program `RegistrationProblemReason`.
 */
import type { RegistrationProblem } from '../../shared/program';

/** One problem as the UI needs it: field name and stable reason code (e.g. `serial-pattern`). */
export interface ProblemRef {
  field: string;
  reason: string;
}

/** A translate function (i18next `t`). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * Parses the server's `statusReason` of an incomplete registration, written by
 * server/authority/registrations.ts as `field: reason` pairs joined with `; `
 * (e.g. `serialNumber: serial-pattern; dealerName: required`). Parts that do not have that shape
 * are skipped; returns [] for null or empty text.
 */
export function parseStatusReason(statusReason: string | null | undefined): ProblemRef[] {
  if (!statusReason) return [];
  const out: ProblemRef[] = [];
  for (const part of statusReason.split(';')) {
    const m = /^\s*([A-Za-z]+)\s*:\s*([a-z][a-z-]*)\s*$/.exec(part);
    if (m) out.push({ field: m[1]!, reason: m[2]! });
  }
  return out;
}

/** True for a problem that means "the field is empty" (reason `required`, or kind `missing`). */
function isMissing(p: ProblemRef | RegistrationProblem): boolean {
  return p.reason === 'required' || p.reason === 'missing' || ('kind' in p && p.kind === 'missing');
}

/**
 * The text for a list of problems: missing fields first as one `counter.missing` sentence, then
 * each other problem as `problem.<reason>` (with `{{field}}` set to the translated field name),
 * joined with `; `. Returns null when there are no problems.
 */
export function describeProblems(problems: ReadonlyArray<ProblemRef | RegistrationProblem>, t: Translate): string | null {
  if (problems.length === 0) return null;
  const missing = problems.filter(isMissing).map((p) => t(`field.${p.field}`));
  const parts: string[] = [];
  if (missing.length) parts.push(t('counter.missing', { fields: missing.join(', ') }));
  for (const p of problems) if (!isMissing(p)) parts.push(t(`problem.${p.reason}`, { field: t(`field.${p.field}`) }));
  return parts.join('; ');
}
