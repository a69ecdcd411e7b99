/**
 * Rules learnt from the `dev9` layouts (first held out), each on a small page of its own written
 * here (not a corpus document) and read perfectly: Luxembourg RCS numbers printed with a blank as
 * thousands separator, and the other rules in the describe blocks below.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

describe('identifiers', () => {
  it('a Luxembourg RCS number with a blank between its thousands ("B 187 604") is read whole, never cut at the blank', () => {
    const r = extract([[
      t('Photo Kirchberg S.à r.l.', 56, 60, 16), t('12, rue Dicks', 56, 78), t('L-1417 Luxembourg', 56, 92),
      t('FACTURE', 56, 180, 16), t('Date : 03/06/2025', 56, 205),
      t('Client', 56, 240), t('Studio Moselle SA', 56, 254), t('8, avenue de la Gare', 56, 268), t('L-6720 Grevenmacher', 56, 282),
      t('R.C.S. Luxembourg B 187 604 · TVA LU 26375245', 56, 790, 8),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B187604');
  });

  it('so is one after the "Numéro RCS" label of a register printout', () => {
    const r = extract([[
      t('Luxembourg Business Registers', 56, 47, 9),
      t('EXTRAIT', 266, 109, 14),
      t('Numéro RCS', 56, 193), t('B 31 457', 270, 193),
      t('Dénomination', 56, 209), t('Optique Clervaux S.A.', 270, 209),
      t('Siège social', 56, 225), t('3, Grand-Rue, L-9710 Clervaux', 270, 225),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B31457');
  });
});

