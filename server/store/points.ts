/**
 * The points an organisation holds on the server: its registrations read from the store, counted
 * by the program's rule (shared/program/points.ts `confirmedPoints`: only `points-assigned`
 * registrations count), never the client's number (docs/program.md#tiers).
 */
import type { Queryable } from '../db';
import { confirmedPoints, type PointsRegistration } from '../../shared/program/points';
import { findDocs } from './index';

/** Confirmed points of organisation `organisationId` (a whole number, 0 without registrations). */
export async function organisationPoints(q: Queryable, organisationId: string): Promise<number> {
  const regs = await findDocs(q, 'registrations', 'organisationId', organisationId);
  return confirmedPoints(regs.map((r) => r.data as PointsRegistration));
}
