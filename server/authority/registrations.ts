/**
 * Registration authority (docs/program.md#product-registration), applied inside the push transaction:
 * - completeness and serial validity are re-checked with shared/program `checkRegistration`
 *   against the server's catalog; incomplete → `incomplete`, 0 points, `statusReason` lists
 *   `field: reason` for each problem (reason codes of shared/program `RegistrationProblemReason`);
 * - the first registration of a (product model, normalised serial) by server receipt holds it
 *   (`serial_claims`, primary key on both; write transactions are serialised by the clock lock, so
 *   concurrent pushes of one serial get exactly one winner); any other → `rejected-duplicate`;
 * - complete, valid and holding its serial → `points-assigned` with the catalog's points on today
 *   (`registrationPoints`: announced `pointsFrom` drops apply from their date, retired models 0);
 * - a registration of an organisation the back office rejected waits: `draft` (still the client's
 *   to correct or withdraw) with the reason code `registration.organisation-rejected`, 0 points,
 *   and it holds no serial — a rejected account registers no gear until it is submitted again
 *   (docs/program.md#business-account, shared/program/organisation.ts). When the organisation is
 *   submitted again, its waiting registrations are decided ({@link decideWaitingRegistrations}).
 * A deleted registration releases its serial.
 */
import type { Authority } from './index';
import type { ProductModel } from '../../shared/schemas/productModels';
import { checkRegistration, normaliseSerial } from '../../shared/program/registration';
import { registrationPoints } from '../../shared/program/points';
import { getDoc, findDocs, claimSerial, releaseSerialClaims, type WriteTx } from '../store';
import { encodeReason } from '../../shared/text/reasons';

/** statusReason of a duplicate (a reason code: shared/text/reasons.ts; it names no other organisation). */
export const duplicateReason = encodeReason('registration.duplicate');

/** statusReason of a registration that waits because its organisation is rejected (shared/text/reasons.ts). */
export const organisationRejectedReason = encodeReason('registration.organisation-rejected');

/**
 * The pure part of a registration decision (no SQL), shared by the row-at-a-time path
 * ({@link decideRegistration}) and the set-based push (server/pushSet.ts): which serial the
 * document would hold (`claim`, null when the model or serial is unusable), and `settle(duplicate)`
 * which sets status, statusReason and points in place once the caller knows whether another
 * registration holds that serial. `model` is the live catalog entry or undefined; `today` is
 * `YYYY-MM-DD`; `organisationStatus` is the stored status of the registration's organisation
 * (`rejected` → the registration waits as a `draft` and claims nothing).
 */
export function examineRegistration(
  doc: Record<string, unknown>,
  model: ProductModel | undefined,
  today: string,
  organisationStatus: unknown,
): { claim: { model: string; serial: string } | null; settle(duplicate: boolean): void } {
  const reg = {
    productModelId: doc.productModelId as string | null,
    serialNumber: doc.serialNumber as string | null,
    purchaseDate: (doc.purchaseDate as string | null | undefined) ?? null,
    purchaseCountry: (doc.purchaseCountry as string | null | undefined) ?? null,
    dealerName: (doc.dealerName as string | null | undefined) ?? null,
  };
  const check = checkRegistration(reg, model, { today });
  const serial = normaliseSerial(reg.serialNumber);
  const serialUsable = model !== undefined && serial !== '' && !check.problems.some((p) => p.field === 'serialNumber' || p.field === 'productModelId');
  const organisationRejected = organisationStatus === 'rejected';
  return {
    claim: serialUsable && !organisationRejected ? { model: model.id, serial } : null,
    settle(duplicate) {
      if (organisationRejected) {
        doc.status = 'draft';
        doc.statusReason = organisationRejectedReason;
        doc.points = 0;
        return;
      }
      if (duplicate) {
        doc.status = 'rejected-duplicate';
        doc.statusReason = duplicateReason;
        doc.points = 0;
        return;
      }
      if (!check.complete) {
        doc.status = 'incomplete';
        doc.statusReason = check.problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
        doc.points = 0;
        return;
      }
      doc.status = 'points-assigned';
      doc.statusReason = null;
      doc.points = registrationPoints({ ...reg, status: 'points-assigned' }, model, { today });
    },
  };
}

/**
 * Decides status, statusReason and points of a registration document in place (see module doc),
 * reading its product model and organisation and claiming its serial with SQL (releasing the one
 * it held unless `isNew`). `today` is `YYYY-MM-DD`.
 */
export async function decideRegistration(w: WriteTx, doc: Record<string, unknown>, today: string, isNew = false): Promise<void> {
  const id = String(doc.id);
  const modelDoc = typeof doc.productModelId === 'string' ? await getDoc(w.q, 'productModels', doc.productModelId) : null;
  const model = modelDoc && !modelDoc.deleted ? (modelDoc.data as unknown as ProductModel) : undefined;
  const orgDoc = typeof doc.organisationId === 'string' ? await getDoc(w.q, 'organisations', doc.organisationId) : null;
  const verdict = examineRegistration(doc, model, today, orgDoc?.data.status);
  const claim = verdict.claim;
  if (!isNew) await releaseSerialClaims(w.q, id, claim);
  verdict.settle(claim !== null && (await claimSerial(w.q, claim.model, claim.serial, id)) !== id);
}

/**
 * Decides every registration of `organisationId` that waits for the organisation to be submitted
 * again (status `draft`, reason `registration.organisation-rejected`) and stores the outcome; call
 * once the organisation is stored as submitted again. `today` is `YYYY-MM-DD`. Returns how many
 * were decided.
 */
export async function decideWaitingRegistrations(w: WriteTx, organisationId: string, today: string): Promise<number> {
  const waiting = (await findDocs(w.q, 'registrations', 'organisationId', organisationId)).filter((r) => r.data.status === 'draft' && r.data.statusReason === organisationRejectedReason);
  for (const r of waiting) {
    const { updatedAt: _u, _deleted: _d, ...doc } = r.data;
    await decideRegistration(w, doc, today, true);
    await w.put('registrations', doc, { organisationId: r.organisationId, dealerId: r.dealerId, meta: r.meta });
  }
  return waiting.length;
}

export const registrationAuthority: Authority = {
  defaults: () => ({ status: 'draft', statusReason: null, points: 0, migratedFrom: null, createdAt: new Date().toISOString() }),
  async decide({ services, w, master, doc, deleted }) {
    if (deleted) {
      await releaseSerialClaims(w.q, String(doc.id), null);
      return { doc };
    }
    await decideRegistration(w, doc, services.today(), master === null);
    return { doc };
  },
};
