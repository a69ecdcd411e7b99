/**
 * The camt.053 reader on the hand-written fixtures: what it keeps of each credit (amount in cents,
 * references, debtor; batch transactions one by one; debits, pending entries and reversals
 * counted, not kept), and its refusals: too large, a DOCTYPE, not XML, not camt.053.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCamt053, STATEMENT_MAX_BYTES } from '../../../server/payments/bank/camt053';
import { HttpError } from '../../../server/errors';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/camt053/${name}`, import.meta.url), 'utf8');
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof HttpError ? `${e.statusCode} ${e.code}` : `not an HttpError: ${String(e)}`;
  }
  return 'no error';
};

describe('camt.053 reader', () => {
  it('reads a camt.053.001.02 day statement', () => {
    const f = parseCamt053(fixture('abn-2026-04-02.camt053.001.02.xml'));
    expect(f).toMatchObject({ messageId: 'ABNAMRO-0417164300-20260402-0001', version: 'camt.053.001.02' });
    const [s] = f.statements;
    expect(s).toMatchObject({ id: '0417164300-2026-04-01', iban: 'NL91ABNA0417164300', currency: 'EUR', skipped: { debits: 1, notBooked: 1, reversals: 0 } });
    expect(s!.credits.map((c) => [c.key, c.amountCents, c.creditorReference, c.remittanceText])).toEqual([
      ['0401A0000000001', 20570, 'RF372026100001', null],
      ['0401A0000000002', 10000, 'RF10 2026 1000 02', null],
      ['0401A0000000003', 40000, null, 'Factuur 2026-100003 CPS Platinum lidmaatschap'],
      ['0401A0000000004', 5000, null, 'bijdrage fotoclub april'],
      ['0401A0000000005-1', 20570, 'RF532026100004', null],
      ['0401A0000000005-2', 40140, 'RF18539007547034', null],
    ]);
    expect(s!.credits[0]).toMatchObject({ currency: 'EUR', bookingDate: '2026-04-01', debtorName: 'Müller & Söhne GmbH', debtorIban: 'DE89370400440532013000', endToEndId: 'NOTPROVIDED' });
  });

  it('reads camt.053.001.08 (Sts/Cd, Dbtr/Pty/Nm, TxDtls/Amt) and an IBAN written with blanks', () => {
    const [s] = parseCamt053(fixture('abn-2026-04-03.camt053.001.08.xml')).statements;
    expect(s!.iban).toBe('NL91ABNA0417164300');
    expect(s!.credits.map((c) => [c.amountCents, c.currency, c.debtorName])).toEqual([
      [20570, 'EUR', 'Ñandú Films S.L.'],
      [20570, 'EUR', 'Müller & Söhne GmbH'],
      [10000, 'EUR', null],
      [33000, 'USD', null],
    ]);
    expect(s!.skipped).toEqual({ debits: 0, notBooked: 0, reversals: 1 });
  });

  it('refuses what is not a readable camt.053 with a specific code', () => {
    expect(codeOf(() => parseCamt053(' '.repeat(STATEMENT_MAX_BYTES + 1)))).toBe('413 statement-too-large');
    expect(codeOf(() => parseCamt053('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))).toBe('400 statement-not-camt053');
    expect(codeOf(() => parseCamt053('%PDF-1.7 not xml'))).toBe('400 statement-not-xml');
    expect(codeOf(() => parseCamt053(fixture('not-a-statement.pain001.xml')))).toBe('400 statement-not-camt053');
    expect(codeOf(() => parseCamt053('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>'))).toBe('400 statement-not-camt053');
    expect(codeOf(() => parseCamt053('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>'))).toBe('400 statement-invalid');
    const threeDecimals = fixture('abn-2026-04-02.camt053.001.02.xml').replace('<Amt Ccy="EUR">50.00</Amt>', '<Amt Ccy="EUR">50.005</Amt>');
    expect(codeOf(() => parseCamt053(threeDecimals))).toBe('400 statement-invalid');
  });
});
