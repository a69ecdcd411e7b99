/**
 * Benchmark: 1,000 invoices rendered in one process, full (PDF/A-3b, embedded Noto Sans
 * subsets, Factur-X XML, ICC output intent) side by side with the floor (the same layout with the
 * non-embedded standard Helvetica and no XML/PDF/A). Prints p50/p95 ms and bytes per invoice and
 * the full/floor ratios. Target: under 50 ms and under 60 KB per invoice.
 *
 *   npx tsx test/bench/invoice.ts [count]
 */
import { readFileSync } from 'node:fs';
import { parseInvoiceInput, renderInvoicePdf, type InvoiceInput, type RenderInvoiceOptions } from '../../shared/invoice';

const root = new URL('../../', import.meta.url);
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, root)));
const program = JSON.parse(readFileSync(new URL('resources/program.json', root), 'utf8'));
const count = Number(process.argv[2] ?? 1000);

const customers = [
  { name: 'Ærø Fotografie ApS', street: 'Søndergade', houseNumber: '12', postcode: '5970', city: 'Ærøskøbing', country: 'DK', vatNumber: 'DK13585628' },
  { name: 'Łódź Studio sp. z o.o.', street: 'ul. Piotrkowska', houseNumber: '104/3', postcode: '90-006', city: 'Łódź', country: 'PL', vatNumber: 'PL7251801126' },
  { name: 'Müller & Söhne', legalForm: 'GmbH', street: 'Königsallee', houseNumber: '27', postcode: '40212', city: 'Düsseldorf', country: 'DE', vatNumber: 'DE136695976' },
  { name: 'Ñandú Films S.L.', street: 'Calle de Alcalá', houseNumber: '48', postcode: '28014', city: 'Madrid', country: 'ES', vatNumber: 'ESB12345674' },
  { name: 'Fotostudio De Lichtkamer', legalForm: 'B.V.', street: 'Prinsengracht', houseNumber: '263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL', vatNumber: 'NL123456782B01' },
];

/** Invoice `i`: customers, tiers and payment methods rotate; foreign customers are reverse charged. */
function input(i: number): InvoiceInput {
  const org = customers[i % customers.length]!;
  const tier = program.programTiers[i % program.programTiers.length];
  const reverse = org.country !== 'NL';
  const rate = reverse ? 0 : program.supplier.vatRate;
  const net = tier.annualFeeCents;
  const vat = Math.round((net * rate) / 100);
  return parseInvoiceInput({
    invoice: {
      number: `2026-${String(i + 1).padStart(6, '0')}`,
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      periodStart: '2026-03-01',
      periodEnd: '2027-02-28',
      currency: 'EUR',
      lines: [{ description: `CPS ${tier.name} membership 2026-03-01 – 2027-02-28 (membership number ${100000000 + i})`, quantity: 1, unitPriceCents: net, vatRate: rate, netCents: net, vatCents: vat }],
      netCents: net,
      vatCents: vat,
      totalCents: net + vat,
      reverseCharge: reverse,
      paymentMethod: i % 2 ? 'card' : 'bank-transfer',
      paymentReference: `CPS 2026-${String(i + 1).padStart(6, '0')}`,
      purchaseOrderNumber: i % 3 ? null : `PO-${i}`,
    },
    organisation: org,
    supplier: program.supplier,
  });
}

async function run(label: string, inputs: InvoiceInput[], options: RenderInvoiceOptions) {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  await renderInvoicePdf(inputs[0]!, options); // warm-up (font parse, JIT)
  const t0 = performance.now();
  for (const inp of inputs) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await renderInvoicePdf(inp, options);
    const dc = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((dc.user + dc.system) / 1000);
    bytes += r.bytes.length;
  }
  const wall = performance.now() - t0;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const result = { label, p50: q(times, 0.5), p95: q(times, 0.95), max: times.at(-1)!, cpu50: q(cpu, 0.5), cpu95: q(cpu, 0.95), meanBytes: bytes / inputs.length, wall };
  console.log(
    `${label.padEnd(34)} wall p50 ${result.p50.toFixed(1).padStart(5)} ms  p95 ${result.p95.toFixed(1).padStart(5)} ms  max ${result.max.toFixed(0).padStart(4)} ms | ` +
      `CPU p50 ${result.cpu50.toFixed(1).padStart(5)} ms  p95 ${result.cpu95.toFixed(1).padStart(5)} ms | ${(result.meanBytes / 1024).toFixed(1).padStart(5)} KB/invoice | total ${(wall / 1000).toFixed(1)} s`,
  );
  return result;
}

const inputs = Array.from({ length: count }, (_, i) => input(i));
const { loadavg } = await import('node:os');
console.log(`invoice bench: ${count} invoices, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall times suffer on a shared machine; CPU times less so)`);
const full = await run('full (PDF/A-3b, fonts, Factur-X)', inputs, {
  lang: 'nl',
  fonts: { regular: read('resources/fonts/NotoSans-Regular.ttf'), bold: read('resources/fonts/NotoSans-Bold.ttf') },
  iccProfile: read('resources/icc/sRGB.icc'),
  createdAt: new Date('2026-03-01T00:00:00Z'),
});
const floor = await run('floor (standard fonts, no XML)', inputs, { lang: 'nl', fonts: 'standard', pdfa: false, createdAt: new Date('2026-03-01T00:00:00Z') });
console.log(
  `ratio full/floor: wall p50 ${(full.p50 / floor.p50).toFixed(2)}×, p95 ${(full.p95 / floor.p95).toFixed(2)}×; CPU p50 ${(full.cpu50 / floor.cpu50).toFixed(2)}×; bytes ${(full.meanBytes / floor.meanBytes).toFixed(2)}×`,
);
console.log(`target: p50 < 50 ms ${full.p50 < 50 ? 'met' : 'MISSED'}, p95 < 50 ms ${full.p95 < 50 ? 'met' : 'MISSED'}, size < 60 KB ${full.meanBytes < 60 * 1024 ? 'met' : 'MISSED'}`);
