/**
 * Factur-X 1.0 / ZUGFeRD 2 XML, profile EN 16931 ("COMFORT"): a UN/CEFACT Cross Industry Invoice
 * (CII D16B) carrying the same numbers as the visible invoice. Element order follows the Factur-X
 * 1.09 EN 16931 XSD (a copy is in `test/fixtures/invoice/facturx-en16931/`), which the tests validate with
 * xmllint. Business terms (BT-*) are from EN 16931-1:2017.
 */
import type { InvoiceInput } from './model';
import { customerDisplayName, isCreditNoteInput, paymentReferenceOf } from './model';
import { centsToDecimal, formatDate } from './format';
import { label, type InvoiceLanguage } from './labels';
import { vatBreakdown, vatCategoryOf } from './vat';
import { validateVatNumber } from '../identifiers';

/** The file name the Factur-X standard fixes for the embedded XML. */
export const FACTURX_FILE_NAME = 'factur-x.xml';
/** BT-24: specification identifier of the EN 16931 profile. */
export const FACTURX_GUIDELINE_EN16931 = 'urn:cen.eu:en16931:2017';
/** BT-3 document type codes (UNTDID 1001): commercial invoice and credit note. */
export const TYPE_CODE_INVOICE = '380';
export const TYPE_CODE_CREDIT_NOTE = '381';
/** Factur-X conformance level written to the XMP (`fx:ConformanceLevel`). */
export const FACTURX_CONFORMANCE_LEVEL = 'EN 16931';

/** XML-escapes text content and attribute values. Drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- stripping the control characters XML 1.0 forbids is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const d102 = (iso: string) => `<udt:DateTimeString format="102">${iso.replace(/-/g, '')}</udt:DateTimeString>`;
const el = (name: string, content: string) => `<ram:${name}>${content}</ram:${name}>`;
const txt = (name: string, value: string) => el(name, xmlEscape(value));

/** A VAT identifier in canonical form with its prefix, as BT-31/BT-48 expect (shared/identifiers). */
function vatId(v: string, country: string): string {
  return validateVatNumber(v, country).normalised;
}

/** Rate with two decimals for BT-119/BT-152: 21 → "21.00". */
function rate(r: number): string {
  return r.toFixed(2);
}

/**
 * The CII XML of `input` (UTF-8 text, with XML declaration). Maps:
 * BT-1 number, BT-2 issue date, BT-3 380 (commercial invoice) or 381 (credit note), BT-5 currency, BT-9 due date,
 * BT-13 purchase order, BT-20 payment terms, BT-27..BT-40 seller (name, KvK as legal id scheme
 * 0106, address, e-mail, VAT id), BT-44..BT-55 buyer, BT-73/74 membership period, BT-81 payment
 * means (58 SEPA credit transfer with BT-84 IBAN / BT-86 BIC and BT-83 payment reference, or 54
 * credit card), BG-23 VAT breakdown (BT-116..BT-121; reverse charge `AE` with exemption code
 * VATEX-EU-AE), BG-22 totals (BT-106, BT-109, BT-110, BT-112, BT-115), lines BG-25.
 * Texts (payment terms, exemption reason) are in the invoice language.
 *
 * A credit note (`documentType: 'credit-note'`) carries the same structure with BT-3 = 381,
 * positive amounts (EN 16931: a credit note is not a negative invoice), BG-3 preceding invoice
 * reference (BT-25 number, BT-26 date) and, instead of payment means and a due date, payment
 * terms (BT-20) saying that it cancels that invoice (BR-CO-25 asks for BT-9 or BT-20).
 */
export function buildFacturXml(input: InvoiceInput, lang: InvoiceLanguage): string {
  const { invoice, organisation: buyer, supplier: seller } = input;
  const cur = invoice.currency;
  const due = formatDate(invoice.dueDate, lang);
  const credit = isCreditNoteInput(invoice);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"' +
      ' xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"' +
      ' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"' +
      ' xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
  );
  out.push(`<rsm:ExchangedDocumentContext>${el('GuidelineSpecifiedDocumentContextParameter', txt('ID', FACTURX_GUIDELINE_EN16931))}</rsm:ExchangedDocumentContext>`);

  // BG-1 notes: the legal statements the visible invoice carries.
  const notes: string[] = [];
  if (invoice.reverseCharge) notes.push(label(lang, 'reverseChargeNote', { vat: vatId(buyer.vatNumber ?? '', buyer.country) }));
  if (vatBreakdown(invoice, buyer.country).some((r) => r.category === 'O')) notes.push(label(lang, 'notSubjectNote'));
  if (invoice.paymentMethod === 'bank-transfer' && !credit) notes.push(label(lang, 'bankCharges'));
  out.push(
    '<rsm:ExchangedDocument>' +
      txt('ID', invoice.number) +
      el('TypeCode', credit ? TYPE_CODE_CREDIT_NOTE : TYPE_CODE_INVOICE) +
      el('IssueDateTime', d102(invoice.issueDate)) +
      notes.map((n) => el('IncludedNote', txt('Content', n))).join('') +
      '</rsm:ExchangedDocument>',
  );

  out.push('<rsm:SupplyChainTradeTransaction>');
  invoice.lines.forEach((line, i) => {
    const category = vatCategoryOf(line.vatRate, invoice.reverseCharge, buyer.country);
    out.push(
      '<ram:IncludedSupplyChainTradeLineItem>' +
        el('AssociatedDocumentLineDocument', el('LineID', String(i + 1))) +
        el('SpecifiedTradeProduct', txt('Name', line.description)) +
        el('SpecifiedLineTradeAgreement', el('NetPriceProductTradePrice', el('ChargeAmount', centsToDecimal(line.unitPriceCents)))) +
        el('SpecifiedLineTradeDelivery', `<ram:BilledQuantity unitCode="C62">${line.quantity}</ram:BilledQuantity>`) +
        el(
          'SpecifiedLineTradeSettlement',
          el('ApplicableTradeTax', el('TypeCode', 'VAT') + el('CategoryCode', category) + (category === 'O' ? '' : el('RateApplicablePercent', rate(line.vatRate)))) +
            el('SpecifiedTradeSettlementLineMonetarySummation', el('LineTotalAmount', centsToDecimal(line.netCents))),
        ) +
        '</ram:IncludedSupplyChainTradeLineItem>',
    );
  });

  const breakdown = vatBreakdown(invoice, buyer.country);
  const notSubject = breakdown.some((r) => r.category === 'O');
  const address = (p: { street: string; houseNumber: string; postcode: string; city: string; country: string }) =>
    el('PostalTradeAddress', txt('PostcodeCode', p.postcode) + txt('LineOne', `${p.street} ${p.houseNumber}`) + txt('CityName', p.city) + txt('CountryID', p.country));
  const sellerParty =
    txt('Name', seller.name) +
    el('SpecifiedLegalOrganization', `<ram:ID schemeID="0106">${xmlEscape(seller.chamberNumber)}</ram:ID>`) +
    address(seller) +
    el('URIUniversalCommunication', `<ram:URIID schemeID="EM">${xmlEscape(seller.email)}</ram:URIID>`) +
    // BR-O-02: with category O the seller's VAT number goes as a tax registration (FC), not VA.
    el('SpecifiedTaxRegistration', `<ram:ID schemeID="${notSubject ? 'FC' : 'VA'}">${xmlEscape(vatId(seller.vatNumber, seller.country))}</ram:ID>`);
  const buyerName = customerDisplayName(buyer);
  const buyerParty =
    txt('Name', buyerName) +
    (buyer.chamberNumber ? el('SpecifiedLegalOrganization', txt('ID', buyer.chamberNumber)) : '') +
    address(buyer) +
    (buyer.email ? el('URIUniversalCommunication', `<ram:URIID schemeID="EM">${xmlEscape(buyer.email)}</ram:URIID>`) : '') +
    (buyer.vatNumber && !notSubject ? el('SpecifiedTaxRegistration', `<ram:ID schemeID="VA">${xmlEscape(vatId(buyer.vatNumber, buyer.country))}</ram:ID>`) : '');
  out.push(
    el(
      'ApplicableHeaderTradeAgreement',
      el('SellerTradeParty', sellerParty) +
        el('BuyerTradeParty', buyerParty) +
        (invoice.purchaseOrderNumber ? el('BuyerOrderReferencedDocument', txt('IssuerAssignedID', invoice.purchaseOrderNumber)) : ''),
    ),
  );
  out.push('<ram:ApplicableHeaderTradeDelivery/>');

  const bank = invoice.paymentMethod === 'bank-transfer' && !credit;
  const paymentMeans = credit
    ? ''
    : bank
    ? el(
        'SpecifiedTradeSettlementPaymentMeans',
        el('TypeCode', '58') +
          txt('Information', label(lang, 'methodBank')) +
          el('PayeePartyCreditorFinancialAccount', txt('IBANID', seller.iban.replace(/\s/g, '')) + txt('AccountName', seller.name)) +
          el('PayeeSpecifiedCreditorFinancialInstitution', txt('BICID', seller.bic)),
      )
    : el('SpecifiedTradeSettlementPaymentMeans', el('TypeCode', '54') + txt('Information', label(lang, 'methodCard')));
  const taxes = breakdown
    .map((row) =>
      el(
        'ApplicableTradeTax',
        el('CalculatedAmount', centsToDecimal(row.vatCents)) +
          el('TypeCode', 'VAT') +
          (row.category === 'AE' ? txt('ExemptionReason', label(lang, 'reverseCharge')) : '') +
          (row.category === 'O' ? txt('ExemptionReason', label(lang, 'notSubject')) : '') +
          el('BasisAmount', centsToDecimal(row.basisCents)) +
          el('CategoryCode', row.category) +
          (row.category === 'AE' ? el('ExemptionReasonCode', 'VATEX-EU-AE') : '') +
          (row.category === 'O' ? el('ExemptionReasonCode', 'VATEX-EU-O') : '') +
          // BR-O-05: no rate for category O.
          (row.category === 'O' ? '' : el('RateApplicablePercent', rate(row.ratePercent))),
      ),
    )
    .join('');
  const period =
    invoice.periodStart || invoice.periodEnd
      ? el(
          'BillingSpecifiedPeriod',
          (invoice.periodStart ? el('StartDateTime', d102(invoice.periodStart)) : '') + (invoice.periodEnd ? el('EndDateTime', d102(invoice.periodEnd)) : ''),
        )
      : '';
  const terms = credit
    ? el('SpecifiedTradePaymentTerms', txt('Description', label(lang, invoice.status === 'refund-due' ? 'creditTermsRefund' : 'creditTermsSettled', { number: invoice.precedingInvoiceNumber ?? '' })))
    : el('SpecifiedTradePaymentTerms', txt('Description', label(lang, bank ? 'termsBank' : 'termsCard', { due })) + el('DueDateDateTime', d102(invoice.dueDate)));
  // BG-3 preceding invoice reference: BT-25 number, BT-26 issue date.
  const preceding =
    credit && invoice.precedingInvoiceNumber
      ? el(
          'InvoiceReferencedDocument',
          txt('IssuerAssignedID', invoice.precedingInvoiceNumber) +
            (invoice.precedingInvoiceIssueDate ? el('FormattedIssueDateTime', `<qdt:DateTimeString format="102">${invoice.precedingInvoiceIssueDate.replace(/-/g, '')}</qdt:DateTimeString>`) : ''),
        )
      : '';
  const totals = el(
    'SpecifiedTradeSettlementHeaderMonetarySummation',
    el('LineTotalAmount', centsToDecimal(invoice.netCents)) +
      el('TaxBasisTotalAmount', centsToDecimal(invoice.netCents)) +
      `<ram:TaxTotalAmount currencyID="${xmlEscape(cur)}">${centsToDecimal(invoice.vatCents)}</ram:TaxTotalAmount>` +
      el('GrandTotalAmount', centsToDecimal(invoice.totalCents)) +
      el('DuePayableAmount', centsToDecimal(invoice.totalCents)),
  );
  out.push(
    el(
      'ApplicableHeaderTradeSettlement',
      (bank ? txt('PaymentReference', paymentReferenceOf(invoice)) : '') + txt('InvoiceCurrencyCode', cur) + paymentMeans + taxes + period + terms + totals + preceding,
    ),
  );
  out.push('</rsm:SupplyChainTradeTransaction>');
  out.push('</rsm:CrossIndustryInvoice>');
  return out.join('\n');
}
