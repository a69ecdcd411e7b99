/**
 * Withdrawal of a registration by the back office (docs/program.md#product-registration): a
 * client may withdraw (delete) its own registration only while no points are assigned
 * (shared/sync/conflicts.ts); once the server has assigned points, only the back office can
 * reverse it. The registration is deleted (the tombstone replicates, so it leaves every client),
 * the serial it held is free again, and the audit log keeps who withdrew what, when and why,
 * with the registration as it was.
 */
import { HttpError } from './errors';
import { getDoc, writeTransaction } from './store';
import type { ServerServices } from './authority/index';

/** Longest reason accepted, in characters (the same bound as the back office's other reasons). */
export const maxWithdrawalReasonLength = 350;

/** What a withdrawal did: the registration's id, its status and points before it was withdrawn. */
export interface WithdrawnRegistration {
  id: string;
  previousStatus: string;
  points: number;
}

/**
 * Withdraws (deletes) the registration `id` whatever its status, releases its serial and audits
 * it as `withdraw-registration` on `registration <id>` with the reason and the registration's
 * fields (status, points, organisation, product model, serial).
 *
 * @param actor  who withdraws it (the back-office user's e-mail, or `cli:<user>`).
 * @param reason why, free text (1–350 characters after trimming), kept in the audit log.
 * @throws HttpError 400 `reason-required` / `reason-too-long`; 404 `not-found` when no such
 *   registration exists; 409 `already-withdrawn` when it is already deleted (nothing changes).
 */
export async function withdrawRegistration(services: ServerServices, actor: string, id: string, reason: string): Promise<WithdrawnRegistration> {
  const why = reason.trim();
  if (!why) throw new HttpError(400, 'reason-required', 'withdrawing a registration needs a reason');
  if (why.length > maxWithdrawalReasonLength) throw new HttpError(400, 'reason-too-long', `the reason is limited to ${maxWithdrawalReasonLength} characters`);
  return writeTransaction(services.db, actor, async (w) => {
    const reg = await getDoc(w.q, 'registrations', id);
    if (!reg) throw new HttpError(404, 'not-found', `registration ${id} does not exist`);
    if (reg.deleted) throw new HttpError(409, 'already-withdrawn', `registration ${id} was already withdrawn; nothing was changed`);
    const { updatedAt: _u, _deleted: _d, ...data } = reg.data;
    await w.put('registrations', data, { deleted: true, organisationId: reg.organisationId, dealerId: reg.dealerId, meta: reg.meta });
    await w.q.query('delete from serial_claims where registration_id = $1', [id]);
    const previousStatus = String(reg.data.status);
    const points = typeof reg.data.points === 'number' ? reg.data.points : 0;
    await w.audit('withdraw-registration', `registration ${id}`, {
      reason: why,
      previousStatus,
      points,
      organisationId: reg.organisationId,
      productModelId: reg.data.productModelId ?? null,
      serialNumber: reg.data.serialNumber ?? null,
    });
    return { id, previousStatus, points };
  });
}
