/**
 * Program data (resources/program.json, served as `programTiers` and `programTerms`): parsing with a clear error.
 * The server seeds from it and the invoice code reads the supplier block; both parse here so a
 * bad file fails loudly, naming the field, instead of producing wrong fees.
 */
import { z } from 'zod';
import type { ProgramTerms, ProgramTier } from '../schemas';

const tierSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(60),
    kind: z.enum(['individual', 'corporate']),
    minPoints: z.number().int().min(0),
    maxPoints: z.number().int().min(0).nullable(),
    annualFeeCents: z.number().int().min(0),
    currency: z.string().regex(/^[A-Z]{3}$/),
    updatedAt: z.string().max(40),
  })
  .refine((t) => t.maxPoints === null || t.maxPoints >= t.minPoints, { message: 'maxPoints must be ≥ minPoints' });

const supplierSchema = z.object({
  name: z.string().min(1),
  street: z.string(),
  houseNumber: z.string(),
  postcode: z.string(),
  city: z.string(),
  country: z.string().regex(/^[A-Z]{2}$/),
  vatNumber: z.string(),
  chamberNumber: z.string(),
  iban: z.string(),
  bic: z.string(),
  email: z.string(),
  /** Domestic VAT rate in percent. */
  vatRate: z.number().min(0).max(100),
  /** Invoice payment term in days. */
  paymentTermDays: z.number().int().min(0),
});

const termsTextSchema = z.object({
  title: z.string().min(1).max(200),
  sections: z.array(z.object({ heading: z.string().min(1).max(200), paragraphs: z.array(z.string().min(1).max(2000)).min(1).max(20) })).min(1).max(40),
});

const termsSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.string().min(1).max(20),
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  texts: z.object({ nl: termsTextSchema, en: termsTextSchema }),
  updatedAt: z.string().max(40),
});

/** The supplier (invoice issuer) block of program data. */
export type ProgramSupplier = z.infer<typeof supplierSchema>;

/** Parsed program data. */
export interface ProgramData {
  programTiers: ProgramTier[];
  supplier: ProgramSupplier;
  /** Published versions of the terms and conditions (shared/program/terms.ts picks the one in force). */
  programTerms: ProgramTerms[];
}

const programSchema = z.object({ programTiers: z.array(tierSchema).min(1), supplier: supplierSchema, programTerms: z.array(termsSchema).min(1) });

/**
 * Parses program data (the JSON of resources/program.json; extra keys such as `comment` are
 * ignored). Tier ids must be unique, and so must terms ids and versions.
 * @throws Error naming the offending path, e.g. `programTiers.2.annualFeeCents: …`.
 */
export function parseProgramData(data: unknown): ProgramData {
  const r = programSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`Invalid program data at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  const ids = new Set<string>();
  for (const t of r.data.programTiers) {
    if (ids.has(t.id)) throw new Error(`Invalid program data: duplicate tier id ${t.id}`);
    ids.add(t.id);
  }
  const terms = new Set<string>();
  for (const t of r.data.programTerms) {
    if (terms.has(t.id) || terms.has(`v:${t.version}`)) throw new Error(`Invalid program data: terms ${t.id} (version ${t.version}) appears twice`);
    terms.add(t.id).add(`v:${t.version}`);
  }
  return { programTiers: r.data.programTiers as ProgramTier[], supplier: r.data.supplier, programTerms: r.data.programTerms as ProgramTerms[] };
}
