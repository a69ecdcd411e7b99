/**
 * First-start seed: program tiers and supplier (resources/program.json), the product catalog
 * (resources/catalog.json), and the demo logins (one per role plus a second dealer) with a demo
 * organisation for the studio manager. Runs once: a database that has tiers is left alone. The
 * terms and conditions (resources/program.json `programTerms`) are published on every start, so a
 * release that ships a new version publishes it (server/terms.ts; versions already there are kept).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Db } from './db';
import { writeTransaction } from './store';
import { createUser, findUserByEmail } from './auth';
import type { ProductModel } from '../shared/schemas/productModels';
import type { ProgramTier } from '../shared/schemas/programTiers';
import type { ProgramTerms } from '../shared/schemas/programTerms';
import { publishTerms } from './terms';

/** The supplier block printed on invoices (resources/program.json `supplier`). */
export interface Supplier {
  name: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
  vatNumber: string;
  chamberNumber: string;
  iban: string;
  bic: string;
  email: string;
  /** VAT rate in percent (e.g. 21). */
  vatRate: number;
  /** Days between issue date and due date. */
  paymentTermDays: number;
}

/** Program data as shipped in resources/program.json. */
export interface ProgramData {
  programTiers: ProgramTier[];
  supplier: Supplier;
  /** Published versions of the terms and conditions (server/terms.ts). */
  programTerms: ProgramTerms[];
}

/** Reads resources/program.json. */
export function loadProgramData(): ProgramData {
  return JSON.parse(readFileSync(new URL('../resources/program.json', import.meta.url), 'utf8')) as ProgramData;
}

/** Reads the catalog snapshot resources/catalog.json (`{ productModels }`). */
export function loadCatalog(): ProductModel[] {
  return (JSON.parse(readFileSync(new URL('../resources/catalog.json', import.meta.url), 'utf8')) as { productModels: ProductModel[] }).productModels;
}

/** Ids and e-mails of the demo data (documented in server/README.md). */
export const demo = {
  dealerId: 'dealer-demo-1',
  dealer2Id: 'dealer-demo-2',
  organisationId: 'org-demo-studio',
  logins: {
    dealer: 'dealer@demo.test',
    dealer2: 'dealer2@demo.test',
    studio: 'studio@demo.test',
    office: 'office@demo.test',
  },
} as const;

/** Result of {@link seed}: whether it ran, and the demo password when it was generated (print it once). */
export interface SeedResult {
  seeded: boolean;
  generatedPassword: string | null;
}

/**
 * Seeds an empty database. `demoPassword` (CPS_DEMO_PASSWORD) is the password of every demo login;
 * when absent a random one is generated and returned. Does nothing but publish new terms versions
 * when the tiers already exist. @throws HttpError 409 when a shipped terms version differs from the published one.
 */
export async function seed(db: Db, demoPassword: string | undefined): Promise<SeedResult> {
  await publishTerms(db, 'system', loadProgramData().programTerms);
  const existing = await db.query('select 1 from documents where collection = $1 limit 1', ['programTiers']);
  if (existing.length > 0) return { seeded: false, generatedPassword: null };
  const password = demoPassword || randomBytes(12).toString('base64url');
  const program = loadProgramData();
  const catalog = loadCatalog();
  await writeTransaction(db, 'system', async (w) => {
    for (const t of program.programTiers) {
      const { updatedAt: _u, ...tier } = t;
      await w.put('programTiers', tier, { organisationId: null, dealerId: null });
    }
    for (const m of catalog) {
      const { updatedAt: _u, ...model } = m;
      await w.put('productModels', model, { organisationId: null, dealerId: null });
    }
    const now = new Date().toISOString();
    await w.put(
      'organisations',
      {
        id: demo.organisationId,
        name: 'Demo Studio B.V.',
        legalForm: 'B.V.',
        street: 'Keizersgracht',
        houseNumber: '1',
        postcode: '1015 CJ',
        city: 'Amsterdam',
        country: 'NL',
        vatNumber: 'NL123456782B01',
        chamberNumber: '12345678',
        email: demo.logins.studio,
        legacyEmail: null,
        dealerId: demo.dealerId,
        status: 'validated',
        statusReason: null,
        createdAt: now,
      },
      { organisationId: demo.organisationId, dealerId: demo.dealerId },
    );
    if (!(await findUserByEmail(w.q, demo.logins.dealer))) {
      await createUser(w.q, { email: demo.logins.dealer, role: 'dealer', name: 'Demo Camera Dealer', dealerId: demo.dealerId, password });
      await createUser(w.q, { email: demo.logins.dealer2, role: 'dealer', name: 'Second Demo Dealer', dealerId: demo.dealer2Id, password });
      await createUser(w.q, { email: demo.logins.studio, role: 'studio-manager', name: 'Demo Studio Manager', organisationId: demo.organisationId, password });
      await createUser(w.q, { email: demo.logins.office, role: 'back-office', name: 'CPS Back Office', password });
    }
    await w.audit('seed', 'database', { tiers: program.programTiers.length, productModels: catalog.length });
  });
  return { seeded: true, generatedPassword: demoPassword ? null : password };
}
