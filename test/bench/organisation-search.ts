/**
 * Organisation search bench (Node, no browser): per keystroke over N generated organisations
 * (default 10,000), the time of renderer/organisations/search.ts `searchOrganisations` — every
 * prefix of typical queries (VAT and KvK numbers with blanks, postcodes, names with and without
 * legal form, street, city, e-mail) — against the same-run baseline: the plain filter the
 * Organisations screen used before (`toLowerCase().includes` over five fields, then a
 * `localeCompare` sort of the matches). Also the index build time. Target: p95 < 16 ms per
 * keystroke (one frame), for all results and for the first `organisationResultLimit` the screen
 * shows. Prints numbers and ratios; asserts nothing.
 *
 * Run: `npx tsx test/bench/organisation-search.ts [organisations=10000] [rounds=5]`
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { prng } from '../support/prng';
import { buildOrganisationIndex, organisationResultLimit, searchOrganisations, type OrganisationLike } from '../../renderer/organisations/search';

const n = Number(process.argv[2] ?? '10000');
const rounds = Number(process.argv[3] ?? '5');

const rnd = prng(20261201);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const digits = (k: number): string => Array.from({ length: k }, () => Math.floor(rnd() * 10)).join('');

const first = ['Foto', 'Studio', 'Beeld', 'Licht', 'Camera', 'Bild', 'Focus', 'Lens', 'Pixel', 'Kader', 'Zoom', 'Atelier', 'Media', 'Film', 'Photo'];
const second = ['Noord', 'Zuid', 'Oost', 'West', 'Centrum', 'Haven', 'Duin', 'Polder', 'Maas', 'Rijn', 'Leie', 'Schelde', 'Eifel', 'Amstel', 'Vecht', 'Dom', 'Linde', 'Berg'];
const forms = [['B.V.', 'NL'], ['BV', 'NL'], ['V.O.F.', 'NL'], ['', 'NL'], ['GmbH', 'DE'], ['BV', 'BE'], ['NV', 'BE'], ['', 'BE']] as const;
const cities = { NL: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'Groningen', 'Zwolle', 'Breda', 'Haarlem'], BE: ['Gent', 'Antwerpen', 'Brugge', 'Leuven'], DE: ['Köln', 'Düsseldorf', 'Aachen', 'Münster'] };
const streets = ['Damrak', 'Kerkstraat', 'Stationsplein', 'Hoofdstraat', 'Dorpsstraat', 'Marktplein', 'Kouter', 'Domkloster', 'Lindenallee', 'Havenkade', 'Molenweg', 'Schoolstraat'];

function organisation(i: number): OrganisationLike {
  const [form, country] = pick(forms);
  const base = `${pick(first)}${rnd() < 0.5 ? '' : ' '}${pick(second)} ${i}`;
  const postcode = country === 'NL' ? `${1000 + Math.floor(rnd() * 8999)} ${String.fromCharCode(65 + Math.floor(rnd() * 26))}${String.fromCharCode(65 + Math.floor(rnd() * 26))}` : country === 'BE' ? String(1000 + Math.floor(rnd() * 8999)) : digits(5);
  return {
    name: form ? `${base} ${form}` : base,
    legalForm: form,
    street: pick(streets),
    houseNumber: String(1 + Math.floor(rnd() * 200)),
    postcode,
    city: pick(cities[country]),
    country,
    vatNumber: country === 'NL' ? `NL${digits(9)}B01` : country === 'BE' ? `BE0${digits(9)}` : `DE${digits(9)}`,
    chamberNumber: country === 'DE' ? `HRB ${digits(5)}` : digits(8),
    email: `info${i}@${base.toLowerCase().replace(/[^a-z0-9]/g, '')}.${country.toLowerCase()}`,
  };
}

/** The Organisations screen's filter before this search (baseline). */
function baseline(orgs: readonly OrganisationLike[], query: string): OrganisationLike[] {
  const q = query.trim().toLowerCase();
  return orgs.filter((o) => !q || [o.name, o.city, o.vatNumber, o.chamberNumber, o.postcode].some((v) => v?.toLowerCase().includes(q))).sort((a, b) => a.name.localeCompare(b.name));
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms · p95 ${pct(xs, 95).toFixed(2)} ms · max ${Math.max(...xs).toFixed(2)} ms`;

const orgs = Array.from({ length: n }, (_, i) => organisation(i));
const probe = orgs[Math.floor(n / 2)]!;
const queries = [
  probe.vatNumber!.replace(/^(..)(....)(..)(...)/, '$1 $2 $3 $4 '), // "NL 6999 25 228 B01"
  `${probe.chamberNumber!.slice(0, 4)} ${probe.chamberNumber!.slice(4)}`, // "2917 1136"
  probe.postcode!.toLowerCase(),
  probe.name,
  probe.name.replace(/ (B\.V\.|BV|V\.O\.F\.|GmbH|NV)$/, ''),
  `${probe.street} ${probe.houseNumber}`,
  probe.city!,
  probe.email!,
  'studio noord',
  'foto',
];

// Warm up both (JIT), then measure per keystroke: every prefix of every query, `rounds` times.
const builds: number[] = [];
let index = buildOrganisationIndex(orgs);
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  index = buildOrganisationIndex(orgs);
  builds.push(performance.now() - t0);
}
for (const q of queries) {
  searchOrganisations(index, q);
  baseline(orgs, q);
}
const ours: number[] = [];
const oursLimited: number[] = [];
const theirs: number[] = [];
let found = 0;
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    for (let k = 1; k <= q.length; k++) {
      const typed = q.slice(0, k);
      let t0 = performance.now();
      const hits = searchOrganisations(index, typed);
      ours.push(performance.now() - t0);
      t0 = performance.now();
      searchOrganisations(index, typed, organisationResultLimit);
      oursLimited.push(performance.now() - t0);
      t0 = performance.now();
      baseline(orgs, typed);
      theirs.push(performance.now() - t0);
      if (k === q.length && r === 0 && hits.some((h) => h.organisation === probe)) found++;
    }
  }
}
console.log(`organisation search over ${n} organisations, ${ours.length} keystrokes (${rounds} rounds of ${queries.length} queries typed out), load ${loadavg()[0]!.toFixed(2)}`);
console.log(`  index build:           ${fmt(builds)}`);
console.log(`  searchOrganisations:   ${fmt(ours)} (all results; target p95 < 16 ms)`);
console.log(`  … first ${organisationResultLimit} (screen): ${fmt(oursLimited)}`);
console.log(`  baseline filter+sort:  ${fmt(theirs)}`);
console.log(`  ratio (ours / baseline, same run): p50 ${(pct(ours, 50) / pct(theirs, 50)).toFixed(2)}× · p95 ${(pct(ours, 95) / pct(theirs, 95)).toFixed(2)}×`);
console.log(`  the probe organisation found by ${found} of ${queries.length - 2} probe queries (the last two are general)`);
