/**
 * The memberships of one organisation, newest first, each as a membership card: tier, status as
 * the server set it ("awaiting the server" until it answers), the 9-digit membership number,
 * validity (or, for a membership another tier replaced, "Replaced by … on …") and the invoice once
 * it arrived — cancelled, with its credit note, after a tier change (docs/program.md#changing-tier).
 */
import { useDates } from '../app/dates';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import { isCreditNote, type Invoice, type Membership, type Organisation } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { useInvoices, useMemberships } from '../hooks/memberships';
import { useOrganisation } from '../hooks/organisations';
import { hrefFor } from '../app/route';
import { ItemSyncBadge } from './ItemSyncBadge';
import { StatusBadge } from './StatusBadge';
import { CardAuthorisation } from './CardAuthorisation';

export function MembershipList({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const memberships = useMemberships(organisationId);
  const { docs: invoices } = useInvoices(organisationId);
  const organisation = useOrganisation(organisationId);
  if (memberships.length === 0) return null;
  return (
    <section aria-labelledby="memberships-title" className="memberships">
      <h2 id="memberships-title">{t('membership.cards')}</h2>
      <div className="card-row">
        {memberships.map((m) => (
          <MembershipCard
            key={m.id}
            membership={m}
            organisation={organisation}
            invoice={invoices.find((i) => i.membershipId === m.id && !isCreditNote(i)) ?? null}
            creditNote={invoices.find((i) => i.membershipId === m.id && isCreditNote(i)) ?? null}
          />
        ))}
      </div>
    </section>
  );
}

/** A membership as a card; `creditNote` is the credit note that cancelled its invoice, if any. */
export function MembershipCard({
  membership: m,
  organisation,
  invoice,
  creditNote = null,
}: {
  membership: Membership;
  organisation: Organisation | null;
  invoice: Invoice | null;
  creditNote?: Invoice | null;
}) {
  const { t, i18n } = useTranslation();
  const { tiers } = useCatalog();
  const tier = tiers.find((x) => x.id === m.tierId);
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const { date } = useDates();
  return (
    <article className={`membership-card ${m.status}`} aria-label={t('membership.cardLabel', { tier: tier?.name ?? m.tierId })} data-membership={m.id}>
      <header>
        <span className="card-brand">{t('membership.program')}</span>
        <span className="card-tier">{tier?.name ?? m.tierId}</span>
      </header>
      <p className="card-org">{organisation?.name}</p>
      <p className="card-number">
        <span className="label">{t('membership.number')}</span>
        <span className="mono" data-testid="membership-number">
          {m.membershipNumber ? m.membershipNumber.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3') : t('membership.awaiting')}
        </span>
      </p>
      <p>
        <StatusBadge status={m.status} reason={m.status === 'active' ? null : m.statusReason} /> <ItemSyncBadge collection="memberships" id={m.id} />
      </p>
      <CardAuthorisation membership={m} />
      {m.status === 'replaced' ? (
        <p className="hint" data-testid="membership-replaced">
          {t('tierChange.replacedBy', { tier: tiers.find((x) => x.id === m.replacedByTierId)?.name ?? m.replacedByTierId ?? '—', date: date(m.replacedOn) })}
        </p>
      ) : m.validFrom ? (
        <p className="hint">{t('membership.valid', { from: date(m.validFrom), to: date(m.validTo) })}</p>
      ) : null}
      <p className="hint">{t(`payment.short_${m.paymentMethod}`)}{m.purchaseOrderNumber ? ` · ${t('membership.poShort', { po: m.purchaseOrderNumber })}` : ''}</p>
      {invoice?.status === 'cancelled' ? (
        <>
          <p data-testid="membership-invoice">
            <a href={hrefFor('invoices', invoice.id)}>{t('tierChange.invoiceCancelled', { number: invoice.number, creditNote: invoice.creditNoteNumber ?? '—' })}</a>
          </p>
          {creditNote ? (
            <p data-testid="membership-credit-note">
              <a href={hrefFor('invoices', creditNote.id)}>{t('tierChange.creditNote', { number: creditNote.number, total: formatMoney(creditNote.totalCents, creditNote.currency, locale) })}</a>
            </p>
          ) : null}
        </>
      ) : invoice ? (
        <p data-testid="membership-invoice">
          <a href={hrefFor('invoices', invoice.id)}>{t('membership.invoice', { number: invoice.number, total: formatMoney(invoice.totalCents, invoice.currency, locale), due: date(invoice.dueDate) })}</a>
        </p>
      ) : m.status !== 'rejected' && m.status !== 'replaced' ? (
        <p className="hint">{t('membership.invoiceAwaiting')}</p>
      ) : null}
    </article>
  );
}
