/**
 * Registration authority (docs/program.md#product-registration), applied inside the push transaction:
 * - completeness and serial validity are re-checked with shared/program `checkRegistration`
 *   against the server's catalog; incomplete → `incomplete`, 0 points, `statusReason` lists
 *   `field: reason` for each problem (reason codes of shared/program `RegistrationProblemReason`);
 * - the first registration of a (product model, normalised serial) by server receipt holds it
 *   (`serial_claims`, primary key on both; write transactions are serialised by the clock lock, so
 *   concurrent pushes of one serial get exactly one winner); any other → `rejected-duplicate`;
 * - complete, valid and holding its serial → `points-assigned` with the catalog's points on today
 *   (`registrationPoints`: announced `pointsFrom` drops apply from their date, retired models 0).
 * A deleted registration releases its serial.
 */
import type { Authority } from './index';
import type { ProductModel } from '../../shared/schemas/productModels';
import { checkRegistration, normaliseSerial } from '../../shared/program/registration';
import { registrationPoints } from '../../shared/program/points';
import { getDoc, type WriteTx } from '../store';
import { encodeReason } from '../../shared/text/reasons';

/** statusReason of a duplicate (a reason code: shared/text/reasons.ts; it names no other organisation). */
export const duplicateReason = encodeReason('registration.duplicate');

/** Releases the serials a registration holds other than `keep` (model, serial). */
async function releaseClaims(w: WriteTx, registrationId: string, keep: { model: string; serial: string } | null): Promise<void> {
  if (keep) await w.q.query('delete from serial_claims where registration_id = $1 and not (product_model_id = $2 and serial = $3)', [registrationId, keep.model, keep.serial]);
  else await w.q.query('delete from serial_claims where registration_id = $1', [registrationId]);
}

/**
 * Claims (model, serial) for `registrationId` if nobody holds it. Returns the holder's registration id.
 */
export async function claimSerial(w: WriteTx, modelId: string, serial: string, registrationId: string): Promise<string> {
  // One round trip: the insert's RETURNING when it claimed, else the existing holder (the SELECT
  // sees the snapshot from before the insert, so exactly one branch yields a row).
  const rows = await w.q.query<{ registration_id: string }>(
    `with ins as (insert into serial_claims (product_model_id, serial, registration_id, claimed_at) values ($1, $2, $3, $4) on conflict do nothing returning registration_id)
     select registration_id from ins union all select registration_id from serial_claims where product_model_id = $1 and serial = $2`,
    [modelId, serial, registrationId, new Date().toISOString()],
  );
  return rows[0]!.registration_id;
}

/**
 * The pure part of a registration decision (no SQL), shared by the row-at-a-time path
 * ({@link decideRegistration}) and the set-based push (server/pushSet.ts): which serial the
 * document would hold (`claim`, null when the model or serial is unusable), and `settle(duplicate)`
 * which sets status, statusReason and points in place once the caller knows whether another
 * registration holds that serial. `model` is the live catalog entry or undefined; `today` is `YYYY-MM-DD`.
 */
export function examineRegistration(
  doc: Record<string, unknown>,
  model: ProductModel | undefined,
  today: string,
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
  return {
    claim: serialUsable ? { model: model.id, serial } : null,
    settle(duplicate) {
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
 * claiming its serial with SQL. `today` is `YYYY-MM-DD`.
 */
export async function decideRegistration(w: WriteTx, doc: Record<string, unknown>, today: string, isNew = false): Promise<void> {
  const id = String(doc.id);
  const modelDoc = typeof doc.productModelId === 'string' ? await getDoc(w.q, 'productModels', doc.productModelId) : null;
  const model = modelDoc && !modelDoc.deleted ? (modelDoc.data as unknown as ProductModel) : undefined;
  const verdict = examineRegistration(doc, model, today);
  const claim = verdict.claim;
  if (!isNew) await releaseClaims(w, id, claim);
  verdict.settle(claim !== null && (await claimSerial(w, claim.model, claim.serial, id)) !== id);
}

export const registrationAuthority: Authority = {
  defaults: () => ({ status: 'draft', statusReason: null, points: 0, migratedFrom: null, createdAt: new Date().toISOString() }),
  async decide({ services, w, master, doc, deleted }) {
    if (deleted) {
      await releaseClaims(w, String(doc.id), null);
      return { doc };
    }
    await decideRegistration(w, doc, services.today(), master === null);
    return { doc };
  },
};
