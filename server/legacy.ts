/**
 * Migration of an old CPS account's registrations (docs/program.md#migration).
 *
 * Legacy registrations (table `legacy_registrations`, imported by the back office) are keyed by
 * the old account's e-mail. An organisation whose application named that e-mail (`legacyEmail`)
 * may migrate them, once: each unclaimed row becomes a registration of the organisation
 * (`migratedFrom` = the e-mail) and goes through the registration authority like any push
 * (points, duplicates). A row already migrated to another organisation, or whose serial another
 * organisation registered, is reported as claimed elsewhere and not moved. Repeating the call moves
 * nothing twice. `dryRun` runs the very same transaction and rolls it back, so its report is
 * exactly what a real run would do.
 */
import { v7 as uuidv7 } from 'uuid';
import { normaliseSerial } from '../shared/program/registration';
import type { User } from './auth';
import { HttpError } from './errors';
import { getDoc, writeTransaction } from './store';
import { organisationPoints } from './store/points';
import { organisationInScope, scopeOf } from './scope';
import { decideRegistration } from './authority/registrations';
import type { ServerServices } from './authority/index';

/** One legacy registration in a migration report. */
export interface LegacyItem {
  legacyId: string;
  productModelId: string;
  serialNumber: string;
  /** For moved items: the new registration, its status and points. */
  registrationId?: string;
  status?: string;
  points?: number;
  /** For items not moved: why. */
  reason?: string;
}

/** What a migration moved (or would move, in a dry run). */
export interface MigrationReport {
  organisationId: string;
  legacyEmail: string;
  dryRun: boolean;
  migrated: LegacyItem[];
  alreadyMigrated: LegacyItem[];
  claimedElsewhere: LegacyItem[];
  pointsBefore: number;
  pointsAfter: number;
  /** pointsAfter − pointsBefore (confirmed points). */
  pointsChange: number;
}

class DryRunRollback extends Error {
  constructor(readonly report: MigrationReport) {
    super('dry run');
  }
}

interface LegacyRow {
  id: string;
  product_model_id: string;
  serial_number: string;
  purchase_date: string | null;
  purchase_country: string | null;
  dealer_name: string | null;
  migrated_to_organisation_id: string | null;
  migrated_registration_id: string | null;
}

/**
 * Migrates the legacy registrations named by the organisation's `legacyEmail` (see module doc).
 * @throws HttpError 404 unknown organisation, 403 outside the user's scope, 409 no legacy e-mail.
 */
export async function migrateLegacy(services: ServerServices, user: User, organisationId: string, dryRun: boolean): Promise<MigrationReport> {
  try {
    return await writeTransaction(services.db, user.email, async (w) => {
      const org = await getDoc(w.q, 'organisations', organisationId);
      if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${organisationId} does not exist`);
      if (!organisationInScope(scopeOf(user), org.id, org.dealerId)) throw new HttpError(403, 'forbidden', `organisation ${organisationId} is outside your scope`);
      const legacyEmail = typeof org.data.legacyEmail === 'string' ? org.data.legacyEmail.trim().toLowerCase() : '';
      if (!legacyEmail) throw new HttpError(409, 'no-legacy-email', `organisation ${organisationId} named no old CPS account e-mail (legacyEmail)`);
      const rows = await w.q.query<LegacyRow>('select * from legacy_registrations where legacy_email = $1 order by product_model_id, serial_number for update', [legacyEmail]);
      const report: MigrationReport = { organisationId, legacyEmail, dryRun, migrated: [], alreadyMigrated: [], claimedElsewhere: [], pointsBefore: 0, pointsAfter: 0, pointsChange: 0 };
      report.pointsBefore = await organisationPoints(w.q, organisationId);
      for (const r of rows) {
        const item: LegacyItem = { legacyId: r.id, productModelId: r.product_model_id, serialNumber: r.serial_number };
        if (r.migrated_to_organisation_id === organisationId) {
          report.alreadyMigrated.push({ ...item, registrationId: r.migrated_registration_id ?? undefined });
          continue;
        }
        if (r.migrated_to_organisation_id) {
          report.claimedElsewhere.push({ ...item, reason: 'already migrated to another organisation' });
          continue;
        }
        const claim = await w.q.query<{ registration_id: string }>('select registration_id from serial_claims where product_model_id = $1 and serial = $2', [r.product_model_id, normaliseSerial(r.serial_number)]);
        if (claim[0]) {
          const holder = await getDoc(w.q, 'registrations', claim[0].registration_id);
          if (holder && holder.organisationId === organisationId) {
            await w.q.query('update legacy_registrations set migrated_to_organisation_id = $1, migrated_registration_id = $2, migrated_at = $3 where id = $4', [organisationId, holder.id, new Date().toISOString(), r.id]);
            report.alreadyMigrated.push({ ...item, registrationId: holder.id, reason: 'the organisation had already registered this serial' });
          } else report.claimedElsewhere.push({ ...item, reason: 'this serial is registered by another organisation' });
          continue;
        }
        const doc: Record<string, unknown> = {
          id: uuidv7(),
          organisationId,
          productModelId: r.product_model_id,
          serialNumber: r.serial_number,
          purchaseDate: r.purchase_date,
          purchaseDateEstimated: false,
          purchaseCountry: r.purchase_country ?? '',
          dealerName: r.dealer_name ?? '',
          status: 'draft',
          statusReason: null,
          points: 0,
          migratedFrom: legacyEmail,
          createdAt: new Date().toISOString(),
        };
        await decideRegistration(w, doc, services.today(), true);
        await w.put('registrations', doc, { organisationId, dealerId: org.dealerId });
        await w.q.query('update legacy_registrations set migrated_to_organisation_id = $1, migrated_registration_id = $2, migrated_at = $3 where id = $4', [organisationId, doc.id, new Date().toISOString(), r.id]);
        report.migrated.push({ ...item, registrationId: String(doc.id), status: String(doc.status), points: Number(doc.points) });
      }
      report.pointsAfter = await organisationPoints(w.q, organisationId);
      report.pointsChange = report.pointsAfter - report.pointsBefore;
      if (dryRun) throw new DryRunRollback(report);
      await w.audit('migrate-legacy', `organisation ${organisationId}`, { legacyEmail, migrated: report.migrated.length, claimedElsewhere: report.claimedElsewhere.length, pointsChange: report.pointsChange });
      return report;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.report;
    throw err;
  }
}
