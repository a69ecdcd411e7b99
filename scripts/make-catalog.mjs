// Generates resources/catalog.json: the offline catalog snapshot of product models (docs/documents.md
// `productModels`). Deterministic: running it twice gives the same file. `node scripts/make-catalog.mjs`
import { writeFileSync } from 'node:fs';

const bodies = [
  ['EOS-R1', 'EOS R1', 900, '2024-11-01'], ['EOS-R3', 'EOS R3', 700, '2021-11-01'], ['EOS-R5-II', 'EOS R5 Mark II', 600, '2024-08-01'],
  ['EOS-R5', 'EOS R5', 500, '2020-07-30'], ['EOS-R5-C', 'EOS R5 C', 550, '2022-03-01'], ['EOS-R6-III', 'EOS R6 Mark III', 420, '2025-11-01'],
  ['EOS-R6-II', 'EOS R6 Mark II', 380, '2022-12-01'], ['EOS-R6', 'EOS R6', 320, '2020-08-27'], ['EOS-R8', 'EOS R8', 220, '2023-04-01'],
  ['EOS-R7', 'EOS R7', 240, '2022-06-23'], ['EOS-R10', 'EOS R10', 120, '2022-07-01'], ['EOS-R50', 'EOS R50', 80, '2023-03-01'],
  ['EOS-R100', 'EOS R100', 60, '2023-04-01'], ['EOS-RP', 'EOS RP', 150, '2019-02-27'], ['EOS-R', 'EOS R', 200, '2018-10-09'],
  ['EOS-R5-MKII-IR', 'EOS R5 Mark II (Astro/IR)', 600, '2025-03-01'], ['EOS-1DX-III', 'EOS-1D X Mark III', 800, '2020-02-14'],
  ['EOS-1DX-II', 'EOS-1D X Mark II', 600, '2016-04-28'], ['EOS-5D-IV', 'EOS 5D Mark IV', 400, '2016-09-08'], ['EOS-5DS-R', 'EOS 5DS R', 350, '2015-06-01'],
  ['EOS-6D-II', 'EOS 6D Mark II', 220, '2017-07-27'], ['EOS-90D', 'EOS 90D', 150, '2019-09-01'], ['EOS-850D', 'EOS 850D', 80, '2020-03-01'],
  ['EOS-R50-V', 'EOS R50 V', 90, '2025-04-01'], ['EOS-V1', 'PowerShot V1', 70, '2025-04-01'], ['G7X-III', 'PowerShot G7 X Mark III', 60, '2019-08-01'],
];
const lenses = [
  ['RF-15-35-28L', 'RF 15-35mm F2.8 L IS USM', 220], ['RF-24-70-28L', 'RF 24-70mm F2.8 L IS USM', 240], ['RF-70-200-28L', 'RF 70-200mm F2.8 L IS USM', 260],
  ['RF-70-200-28LZ', 'RF 70-200mm F2.8 L IS USM Z', 280], ['RF-28-70-2L', 'RF 28-70mm F2 L USM', 260], ['RF-24-105-4L', 'RF 24-105mm F4 L IS USM', 120],
  ['RF-14-35-4L', 'RF 14-35mm F4 L IS USM', 140], ['RF-100-500L', 'RF 100-500mm F4.5-7.1 L IS USM', 260], ['RF-100-300-28L', 'RF 100-300mm F2.8 L IS USM', 600],
  ['RF-400-28L', 'RF 400mm F2.8 L IS USM', 700], ['RF-600-4L', 'RF 600mm F4 L IS USM', 750], ['RF-800-56L', 'RF 800mm F5.6 L IS USM', 800],
  ['RF-1200-8L', 'RF 1200mm F8 L IS USM', 900], ['RF-50-12L', 'RF 50mm F1.2 L USM', 200], ['RF-85-12L', 'RF 85mm F1.2 L USM', 200],
  ['RF-85-12L-DS', 'RF 85mm F1.2 L USM DS', 220], ['RF-28-70-2L', 'RF 28-70mm F2 L USM', 260], ['RF-135-18L', 'RF 135mm F1.8 L IS USM', 190],
  ['RF-100-28LM', 'RF 100mm F2.8 L Macro IS USM', 120], ['RF-10-20-4L', 'RF 10-20mm F4 L IS STM', 180], ['RF-5-52-28L', 'RF 5.2mm F2.8 L Dual Fisheye', 150],
  ['RF-24-105-28LZ', 'RF 24-105mm F2.8 L IS USM Z', 260], ['RF-35-14L', 'RF 35mm F1.4 L VCM', 160], ['RF-50-14L', 'RF 50mm F1.4 L VCM', 160],
  ['RF-24-14L', 'RF 24mm F1.4 L VCM', 160], ['RF-20-14L', 'RF 20mm F1.4 L VCM', 160], ['RF-15-30-STM', 'RF 15-30mm F4.5-6.3 IS STM', 40],
  ['RF-24-50-STM', 'RF 24-50mm F4.5-6.3 IS STM', 25], ['RF-24-105-STM', 'RF 24-105mm F4-7.1 IS STM', 35], ['RF-50-18-STM', 'RF 50mm F1.8 STM', 20],
  ['RF-16-28-STM', 'RF 16mm F2.8 STM', 20], ['RF-35-18M', 'RF 35mm F1.8 Macro IS STM', 40], ['RF-85-2M', 'RF 85mm F2 Macro IS STM', 50],
  ['RF-100-400-STM', 'RF 100-400mm F5.6-8 IS USM', 60], ['RF-800-11', 'RF 800mm F11 IS STM', 80], ['RF-600-11', 'RF 600mm F11 IS STM', 70],
  ['RF-200-800', 'RF 200-800mm F6.3-9 IS USM', 140], ['RF-28-2-STM', 'RF 28mm F2.8 STM', 20], ['RF-S-18-150', 'RF-S 18-150mm F3.5-6.3 IS STM', 30],
  ['RF-S-10-18', 'RF-S 10-18mm F4.5-6.3 IS STM', 25], ['RF-S-55-210', 'RF-S 55-210mm F5-7.1 IS STM', 25], ['RF-S-18-45', 'RF-S 18-45mm F4.5-6.3 IS STM', 15],
  ['RF-S-7.8-STM', 'RF-S 7.8mm F4 STM Dual', 40], ['RF-S-14-30', 'RF-S 14-30mm F4-6.3 IS STM PZ', 30], ['RF-45-12-STM', 'RF 45mm F1.2 STM', 30],
  ['EF-16-35-28L-III', 'EF 16-35mm f/2.8L III USM', 160], ['EF-24-70-28L-II', 'EF 24-70mm f/2.8L II USM', 170], ['EF-70-200-28L-III', 'EF 70-200mm f/2.8L IS III USM', 180],
  ['EF-100-400L-II', 'EF 100-400mm f/4.5-5.6L IS II USM', 180], ['EF-400-28L-III', 'EF 400mm f/2.8L IS III USM', 600], ['EF-600-4L-III', 'EF 600mm f/4L IS III USM', 650],
  ['EF-85-14L', 'EF 85mm f/1.4L IS USM', 120], ['EF-35-14L-II', 'EF 35mm f/1.4L II USM', 120], ['EF-50-12L', 'EF 50mm f/1.2L USM', 110],
  ['EF-100-28L', 'EF 100mm f/2.8L Macro IS USM', 80], ['EF-11-24-4L', 'EF 11-24mm f/4L USM', 200], ['EF-24-105-4L-II', 'EF 24-105mm f/4L IS II USM', 90],
  ['TS-E-17-4L', 'TS-E 17mm f/4L', 180], ['TS-E-24-35L-II', 'TS-E 24mm f/3.5L II', 150], ['TS-E-50-28L', 'TS-E 50mm f/2.8L Macro', 150],
  ['TS-E-90-28L', 'TS-E 90mm f/2.8L Macro', 150], ['TS-E-135-4L', 'TS-E 135mm f/4L Macro', 160], ['MP-E-65', 'MP-E 65mm f/2.8 1-5x Macro', 80],
  ['EF-8-15-4L', 'EF 8-15mm f/4L Fisheye USM', 100], ['EF-200-400-4L', 'EF 200-400mm f/4L IS USM Extender 1.4x', 700], ['EF-800-56L', 'EF 800mm f/5.6L IS USM', 650],
  ['EXT-RF-1.4', 'Extender RF 1.4x', 40], ['EXT-RF-2', 'Extender RF 2x', 40], ['EXT-EF-1.4-III', 'Extender EF 1.4x III', 30], ['EXT-EF-2-III', 'Extender EF 2x III', 30],
];
const cine = [
  ['C700-FF', 'EOS C700 FF', 1500, '2018-04-01'], ['C500-II', 'EOS C500 Mark II', 1200, '2019-12-01'], ['C400', 'EOS C400', 1000, '2024-09-01'],
  ['C300-III', 'EOS C300 Mark III', 900, '2020-06-01'], ['C80', 'EOS C80', 600, '2024-11-01'], ['C70', 'EOS C70', 500, '2020-11-01'],
  ['C200', 'EOS C200', 450, '2017-08-01'], ['C50', 'EOS C50', 400, '2025-11-01'], ['XF605', 'XF605', 300, '2021-10-01'], ['XA75', 'XA75', 150, '2021-10-01'],
  ['CN-E-14-35-T17', 'CN-E 14.5-60mm T2.6 L SP', 900, '2012-11-01'], ['CN-E-30-300', 'CN-E 30-300mm T2.95-3.7 L SP', 1100, '2012-11-01'],
  ['CN-E-24-T15', 'CN-E 24mm T1.5 L F', 350, '2013-02-01'], ['CN-E-35-T15', 'CN-E 35mm T1.5 L F', 350, '2013-02-01'], ['CN-E-50-T13', 'CN-E 50mm T1.3 L F', 350, '2013-02-01'],
  ['CN-E-85-T13', 'CN-E 85mm T1.3 L F', 350, '2013-02-01'], ['CN-E-135-T22', 'CN-E 135mm T2.2 L F', 350, '2014-02-01'], ['CN-E-14-T31', 'CN-E 14mm T3.1 L F', 350, '2014-02-01'],
  ['CN-E-20-T15-FP', 'CN-E 20mm T1.5 FP X', 300, '2022-06-01'], ['CN-E-24-T15-FP', 'CN-E 24mm T1.5 FP X', 300, '2022-06-01'], ['CN-E-35-T15-FP', 'CN-E 35mm T1.5 FP X', 300, '2022-06-01'],
  ['CN-E-50-T13-FP', 'CN-E 50mm T1.3 FP X', 300, '2022-06-01'], ['CN-E-85-T13-FP', 'CN-E 85mm T1.3 FP X', 300, '2022-06-01'], ['CN-E-135-T22-FP', 'CN-E 135mm T2.2 FP X', 300, '2022-06-01'],
  ['CN7X17', 'CINE-SERVO 17-120mm T2.95-3.9', 1200, '2015-05-01'], ['CN10X25', 'CINE-SERVO 25-250mm T2.95-3.95', 1400, '2014-09-01'],
  ['CN20X50', 'CINE-SERVO 50-1000mm T5.0-8.9', 2000, '2014-04-01'], ['CJ15EX8.5', 'CJ15ex8.5B IASE-S broadcast lens', 900, '2019-04-01'],
];
const speedlites = [
  ['EL-1', 'Speedlite EL-1', 80, '2019-11-01'], ['EL-5', 'Speedlite EL-5', 50, '2022-11-01'], ['EL-10', 'Speedlite EL-10', 35, '2024-09-01'],
  ['EL-100', 'Speedlite EL-100', 20, '2019-04-01'], ['600EX-II-RT', 'Speedlite 600EX II-RT', 50, '2016-05-01'], ['470EX-AI', 'Speedlite 470EX-AI', 35, '2018-04-01'],
  ['430EX-III-RT', 'Speedlite 430EX III-RT', 25, '2015-05-01'], ['ST-E10', 'Speedlite Transmitter ST-E10', 15, '2022-11-01'], ['ST-E3-RT-II', 'Speedlite Transmitter ST-E3-RT (Ver.2)', 20, '2019-01-01'],
  ['MR-14EX-II', 'Macro Ring Lite MR-14EX II', 30, '2014-05-01'], ['MT-26EX-RT', 'Macro Twin Lite MT-26EX-RT', 40, '2014-01-01'], ['EL-5-KIT', 'Speedlite EL-5 Studio Kit', 70, '2023-05-01'],
];
const printers = [
  ['PRO-1100', 'imagePROGRAF PRO-1100', 200, '2022-05-01'], ['PRO-300', 'imagePROGRAF PRO-300', 80, '2020-04-01'], ['PRO-200', 'PIXMA PRO-200', 50, '2020-04-01'],
  ['PRO-2100', 'imagePROGRAF PRO-2100', 400, '2020-10-01'], ['PRO-4100', 'imagePROGRAF PRO-4100', 600, '2020-10-01'], ['PRO-6100', 'imagePROGRAF PRO-6100', 800, '2020-10-01'],
  ['PRO-2600', 'imagePROGRAF PRO-2600', 450, '2021-06-01'], ['PRO-4600', 'imagePROGRAF PRO-4600', 650, '2021-06-01'], ['PRO-6600', 'imagePROGRAF PRO-6600', 850, '2021-06-01'],
  ['PRO-1000', 'imagePROGRAF PRO-1000', 150, '2016-03-01'], ['SELPHY-CP1500', 'SELPHY CP1500', 10, '2021-08-01'], ['GP-4000', 'imagePROGRAF GP-4000', 500, '2020-03-01'],
];
const accessories = [
  ['BG-R20', 'Battery Grip BG-R20', 25, '2024-08-01'], ['BG-R10', 'Battery Grip BG-R10', 20, '2020-07-01'], ['WFT-R10', 'Wireless File Transmitter WFT-R10', 60, '2020-07-01'],
  ['ME20F-SH', 'Multi-purpose camera ME20F-SH', 300, '2015-12-01'], ['ME20F-SHN', 'Multi-purpose camera ME20F-SHN', 320, '2018-02-01'], ['CR-N500', 'Remote PTZ camera CR-N500', 450, '2021-01-01'],
  ['CR-N300', 'Remote PTZ camera CR-N300', 300, '2021-01-01'], ['CR-N700', 'Remote PTZ camera CR-N700', 600, '2022-10-01'], ['CR-X500', 'Outdoor PTZ camera CR-X500', 700, '2023-05-01'],
  ['CR-N100', 'Remote PTZ camera CR-N100', 150, '2022-03-01'], ['DM-E1D', 'Stereo Microphone DM-E1D', 15, '2022-06-01'], ['DM-E100', 'Stereo Microphone DM-E100', 10, '2019-01-01'],
  ['PS-EF-RF-CP', 'Control Ring Mount Adapter EF-EOS R', 15, '2018-10-01'], ['DROP-IN-VND', 'Drop-In Filter Mount Adapter EF-EOS R (V-ND)', 30, '2018-10-01'],
  ['EVF-V70M', 'Electronic Viewfinder EVF-V70M', 60, '2018-04-01'], ['LCD-VR-C', 'LCD Monitor Unit LM-V2', 40, '2019-12-01'],
];

// Serial number formats by category (source: the maker's published labels; bodies 12 digits,
// lenses 10 digits with an optional letter prefix, cine 12 alphanumerics, speedlites and printers
// alphanumeric 6–10, accessories 8–12 digits).
const patterns = {
  body: '[0-9]{12}',
  lens: '[0-9]{10}|[A-Z][0-9]{9}',
  cine: '[A-Z0-9]{12}',
  speedlite: '[A-Z]{2}[0-9]{6,8}',
  printer: '[A-Z]{3}[0-9]{5,7}',
  accessory: '[0-9]{8,12}',
};

const seen = new Set();
const out = [];
const add = (category, code, name, points, releasedOn, extra = {}) => {
  if (seen.has(code)) return;
  seen.add(code);
  out.push({
    id: `pm-${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    code,
    name,
    category,
    points,
    pointsFrom: null,
    serialPattern: patterns[category],
    releasedOn,
    retired: false,
    updatedAt: '2026-01-01T00:00:00.000000Z',
    ...extra,
  });
};
for (const [c, n, p, d] of bodies) add('body', c, n, p, d);
lenses.forEach(([c, n, p], i) => add('lens', c, n, p, c.startsWith('EF') || c.startsWith('TS') || c.startsWith('MP') || c.startsWith('EXT-EF') ? `20${String(10 + (i % 9)).padStart(2, '0')}-0${1 + (i % 9)}-01` : `20${String(18 + (i % 7)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-01`));
for (const [c, n, p, d] of cine) add('cine', c, n, p, d);
for (const [c, n, p, d] of speedlites) add('speedlite', c, n, p, d);
for (const [c, n, p, d] of printers) add('printer', c, n, p, d);
for (const [c, n, p, d] of accessories) add('accessory', c, n, p, d);

// Retired and devalued models: older EF-era gear still registers but no longer earns points,
// and two bodies drop in value on 2027-01-01 (an announced catalog change).
for (const m of out) {
  if (['EOS-5DS-R', 'EOS-1DX-II', 'EF-50-12L', 'EOS-850D', 'EL-100', 'PRO-1000', 'DM-E100'].includes(m.code)) m.retired = true;
  if (m.code === 'EOS-R5') m.pointsFrom = { points: 400, effectiveOn: '2027-01-01' };
  if (m.code === 'EOS-R6') m.pointsFrom = { points: 250, effectiveOn: '2027-01-01' };
}
writeFileSync(new URL('../resources/catalog.json', import.meta.url), JSON.stringify({ version: '2026-11-01', productModels: out }, null, 1) + '\n');
console.log(`resources/catalog.json: ${out.length} product models`);
