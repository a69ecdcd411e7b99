/**
 * What a registration still needs from the user, per row of the list: whether it needs attention
 * (the "needs attention" filter), which problems to name, and which field the edit form focuses
 * first. Rules (docs/program.md#product-registration):
 * - `points-assigned` and the back office's `rejected` need nothing (the client cannot change them);
 * - `rejected-duplicate` needs the serial corrected (or the registration withdrawn);
 * - `incomplete` names the server's problems (its `statusReason`, `field: reason` pairs), or the
 *   local check's when the reason has another shape;
 * - `draft` (not decided by the server yet) names what the local check finds, so a registration
 *   saved incomplete offline is flagged before the server says so.
 */
import { checkRegistration, registrationEditable, requiredRegistrationFields, type RegistrationField } from '../../shared/program/registration';
import type { ProductModel, Registration } from '../../shared/schemas';
import { parseStatusReason, type ProblemRef } from '../components/registrationReason';

/** The outcome of {@link registrationAttention}. */
export interface RegistrationAttention {
  /** True when the user has something to fix (the "needs attention" filter keeps these). */
  needsAttention: boolean;
  /** What is missing or wrong, field by field in form order; reason `duplicate` for a serial held elsewhere. */
  problems: ProblemRef[];
  /** The first field to fix (focused by the edit form), or null. */
  focus: RegistrationField | null;
  /** True while the client may still change or withdraw it (until points are assigned). */
  editable: boolean;
}

const fieldOrder = (f: string): number => {
  const i = (requiredRegistrationFields as readonly string[]).indexOf(f);
  return i < 0 ? requiredRegistrationFields.length : i;
};

/**
 * What `r` still needs (see module doc). `model` is the catalog's entry for `r.productModelId`
 * (undefined when unknown); `today` is the local date `YYYY-MM-DD`.
 */
export function registrationAttention(r: Pick<Registration, 'status' | 'statusReason' | 'productModelId' | 'serialNumber' | 'purchaseDate' | 'purchaseDateEstimated' | 'purchaseCountry' | 'dealerName'>, model: ProductModel | undefined, today: string): RegistrationAttention {
  const editable = registrationEditable(r.status);
  let problems: ProblemRef[] = [];
  if (r.status === 'rejected-duplicate') problems = [{ field: 'serialNumber', reason: 'duplicate' }];
  else if (r.status === 'incomplete' || r.status === 'draft') {
    const fromServer = r.status === 'incomplete' ? parseStatusReason(r.statusReason) : [];
    problems = fromServer.length > 0 ? fromServer : checkRegistration(r, model, { today }).problems.map((p) => ({ field: p.field, reason: p.reason }));
  }
  problems = [...problems].sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
  const focus = (problems.find((p) => (requiredRegistrationFields as readonly string[]).includes(p.field))?.field as RegistrationField | undefined) ?? null;
  return { needsAttention: editable && problems.length > 0, problems, focus, editable };
}
