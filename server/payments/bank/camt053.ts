/**
 * Reads a bank-to-customer statement, ISO 20022 `camt.053` (BkToCstmrStmt), versions
 * camt.053.001.02 … camt.053.001.13 (the elements read here are the same in all of them; where
 * they moved — `Sts` became `Sts/Cd` in .08, the debtor's name moved under `Dbtr/Pty` — both
 * places are read). Only what the reconciliation needs is kept: per statement the account and the
 * statement id, per booked credit (`CdtDbtInd` CRDT, `Sts` BOOK, not a reversal) its amount,
 * currency, references and remittance information. Batch entries (several `TxDtls`) give one
 * credit per transaction.
 *
 * Parsed with fast-xml-parser (no DTD, no external entities: a `<!DOCTYPE` is refused before
 * parsing). Input is bounded ({@link STATEMENT_MAX_BYTES}). Errors are {@link HttpError}s with
 * stable codes the desk translates (nl/en): 413 `statement-too-large`, 400 `statement-not-xml`
 * (with line and column), 400 `statement-not-camt053` (naming the root element / namespace found),
 * 400 `statement-invalid` (naming the element that is missing or wrong).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HttpError } from '../../errors';
import { validateIban } from '../../../shared/identifiers';

/** Largest statement file accepted, in bytes (10 MiB: a year of daily statements of this program is far below). */
export const STATEMENT_MAX_BYTES = 10 * 1024 * 1024;

/** One booked credit of a statement. `amountCents` in the currency's minor unit (cents). */
export interface StatementCredit {
  /** The bank's unique reference of the credit (TxDtls/Refs/AcctSvcrRef, Ntry/AcctSvcrRef or NtryRef), else a position `#entry.tx` in the statement. */
  key: string;
  amountCents: number;
  currency: string;
  bookingDate: string | null;
  /** Structured creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`), as sent. */
  creditorReference: string | null;
  /** Unstructured remittance lines (`RmtInf/Ustrd`), joined with a space. */
  remittanceText: string | null;
  endToEndId: string | null;
  debtorName: string | null;
  debtorIban: string | null;
}

/** One statement (`Stmt`) of the file. */
export interface BankStatement {
  /** `Stmt/Id`: unique per account at the bank. */
  id: string;
  /** The statement's account IBAN, electronic form. */
  iban: string;
  currency: string | null;
  createdAt: string | null;
  credits: StatementCredit[];
  /** Entries not reconciled: debits, not booked (pending/info), reversals. */
  skipped: { debits: number; notBooked: number; reversals: number };
}

/** A parsed camt.053 file: its message id and its statements (one per account and period). */
export interface StatementFile {
  messageId: string | null;
  version: string;
  statements: BankStatement[];
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'CdtrRefInf']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

const invalid = (message: string) => new HttpError(400, 'statement-invalid', `this camt.053 statement cannot be read: ${message}`);
const asNode = (v: unknown): Node | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(asNode).filter((n): n is Node => !!n) : asNode(v) ? [asNode(v)!] : []);
/** Text of a leaf (`<X>t</X>` or `<X a="…">t</X>`), trimmed; null when absent or empty. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  const n = asNode(v);
  if (n && typeof n['#text'] === 'string') return n['#text'].trim() || null;
  return null;
}
/** The node at `path` below `n` (first element of arrays on the way). */
function at(n: unknown, ...path: string[]): unknown {
  let cur: unknown = n;
  for (const p of path) {
    const node = Array.isArray(cur) ? asNode(cur[0]) : asNode(cur);
    if (!node) return undefined;
    cur = node[p];
  }
  return cur;
}

/** `205.70` → 20570. @throws HttpError statement-invalid for anything but a positive decimal with at most 2 significant decimals. */
function cents(amount: string | null, where: string): number {
  if (!amount || !/^\d{1,13}(\.\d{1,5})?$/.test(amount)) throw invalid(`${where}: the amount "${amount ?? ''}" is not a decimal amount`);
  const [whole, frac = ''] = amount.split('.');
  if (/[1-9]/.test(frac.slice(2))) throw invalid(`${where}: the amount ${amount} has more than two decimals`);
  return Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
}

/**
 * Parses `xml` (the file's text) as camt.053.
 * @throws HttpError 413 statement-too-large, 400 statement-not-xml / statement-not-camt053 / statement-invalid (see module doc).
 */
export function parseCamt053(xml: string): StatementFile {
  if (xml.length > STATEMENT_MAX_BYTES) throw new HttpError(413, 'statement-too-large', `the statement file is larger than ${STATEMENT_MAX_BYTES / 1024 / 1024} MiB`);
  const body = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(body)) throw new HttpError(400, 'statement-not-camt053', 'the file has a DOCTYPE; a camt.053 statement never has one');
  const check = XMLValidator.validate(body);
  if (check !== true) throw new HttpError(400, 'statement-not-xml', `the file is not well-formed XML (line ${check.err.line}, column ${check.err.col}: ${check.err.msg})`);
  // The root element and its namespace, from the first start tag after the prolog and comments.
  const root = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)((?:\s[^>]*)?)>/.exec(body.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  const prefix = root?.[1];
  const ns = root ? new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(root[3] ?? '')?.[1] : undefined;
  const version = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$/.exec(ns ?? '')?.[1];
  if (!root || root[2] !== 'Document' || !version)
    throw new HttpError(400, 'statement-not-camt053', `the file is XML but not an ISO 20022 camt.053 bank statement (root element <${root?.[2] ?? '?'}>, namespace ${ns ? `"${ns}"` : 'none'})`);
  const doc = asNode(asNode(parser.parse(body))?.Document);
  if (!doc || !('BkToCstmrStmt' in doc)) throw new HttpError(400, 'statement-not-camt053', 'the file has no BkToCstmrStmt element: it is not a bank-to-customer statement');
  const stmtRoot = asNode(doc.BkToCstmrStmt) ?? {};
  const stmts = list(stmtRoot.Stmt);
  if (!stmts.length) throw invalid('it holds no statement (Stmt)');
  return {
    messageId: text(at(stmtRoot, 'GrpHdr', 'MsgId')),
    version: `camt.053.001.${version}`,
    statements: stmts.map((s, i) => readStatement(s, i + 1)),
  };
}

function readStatement(s: Node, position: number): BankStatement {
  const id = text(s.Id);
  if (!id) throw invalid(`statement ${position} has no Id`);
  const rawIban = text(at(s, 'Acct', 'Id', 'IBAN'));
  if (!rawIban) throw invalid(`statement ${id} has no account IBAN (Acct/Id/IBAN)`);
  const iban = validateIban(rawIban);
  if (!iban.valid) throw invalid(`statement ${id}: the account IBAN ${rawIban} is not valid`);
  const out: BankStatement = { id, iban: iban.normalised, currency: text(at(s, 'Acct', 'Ccy')), createdAt: text(s.CreDtTm), credits: [], skipped: { debits: 0, notBooked: 0, reversals: 0 } };
  list(s.Ntry).forEach((e, ei) => {
    const where = `statement ${id}, entry ${ei + 1}`;
    const indicator = text(e.CdtDbtInd);
    if (indicator !== 'CRDT' && indicator !== 'DBIT') throw invalid(`${where}: CdtDbtInd must be CRDT or DBIT, is "${indicator ?? ''}"`);
    const status = text(e.Sts) ?? text(at(e, 'Sts', 'Cd'));
    if (indicator === 'DBIT') return void out.skipped.debits++;
    if (status !== 'BOOK') return void out.skipped.notBooked++;
    if (text(e.RvslInd) === 'true') return void out.skipped.reversals++;
    const entryAmount = asNode(e.Amt);
    const entryCurrency = typeof entryAmount?.['@_Ccy'] === 'string' ? entryAmount['@_Ccy'] : null;
    const entryCents = cents(text(e.Amt), where);
    const bookingDate = text(at(e, 'BookgDt', 'Dt')) ?? text(at(e, 'BookgDt', 'DtTm'))?.slice(0, 10) ?? null;
    const entryKey = text(e.AcctSvcrRef) ?? text(e.NtryRef);
    const txs = list(e.NtryDtls).flatMap((d) => list(d.TxDtls));
    if (!txs.length) txs.push({});
    txs.forEach((t, ti) => {
      const txAmountNode = at(t, 'AmtDtls', 'TxAmt', 'Amt') ?? t.Amt;
      const amountCents = txAmountNode === undefined ? entryCents : cents(text(txAmountNode), `${where}, transaction ${ti + 1}`);
      if (txAmountNode === undefined && txs.length > 1) throw invalid(`${where}: a batch entry's transaction ${ti + 1} has no amount`);
      const txCurrency = asNode(txAmountNode)?.['@_Ccy'];
      const currency = typeof txCurrency === 'string' ? txCurrency : entryCurrency;
      if (!currency || !/^[A-Z]{3}$/.test(currency)) throw invalid(`${where}: the amount has no ISO 4217 currency (Ccy)`);
      const refs = list(at(t, 'RmtInf', 'Strd')).flatMap((st) => list(st.CdtrRefInf).map((c) => text(c.Ref))).filter((r): r is string => !!r);
      const ustrd = (at(t, 'RmtInf', 'Ustrd') as unknown[] | undefined)?.map(text).filter((r): r is string => !!r) ?? [];
      const txKey = text(at(t, 'Refs', 'AcctSvcrRef'));
      const dbtr = at(t, 'RltdPties', 'Dbtr');
      out.credits.push({
        key: txKey ?? (entryKey ? (txs.length > 1 ? `${entryKey}/${ti + 1}` : entryKey) : `${id}#${ei + 1}.${ti + 1}`),
        amountCents,
        currency,
        bookingDate,
        creditorReference: refs[0] ?? null,
        remittanceText: ustrd.length ? ustrd.join(' ') : null,
        endToEndId: text(at(t, 'Refs', 'EndToEndId')),
        debtorName: text(at(dbtr, 'Nm')) ?? text(at(dbtr, 'Pty', 'Nm')),
        debtorIban: text(at(t, 'RltdPties', 'DbtrAcct', 'Id', 'IBAN')),
      });
    });
  });
  return out;
}
