/**
 * The memberships of one organisation, newest first, each as a membership card: tier, status as
 * the server set it ("awaiting the server" until it answers), the 9-digit membership number,
 * validity and the invoice once it arrived.
 */
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import type { Invoice, Membership, Organisation } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { useInvoices, useMemberships } from '../hooks/memberships';
import { useOrganisation } from '../hooks/organisations';
import { hrefFor } from '../app/route';
import { ItemSyncBadge } from './ItemSyncBadge';
import { StatusBadge } from './StatusBadge';

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
          <MembershipCard key={m.id} membership={m} organisation={organisation} invoice={invoices.find((i) => i.membershipId === m.id) ?? null} />
        ))}
      </div>
    </section>
  );
}

/** A membership as a card. */
export function MembershipCard({ membership: m, organisation, invoice }: { membership: Membership; organisation: Organisation | null; invoice: Invoice | null }) {
  const { t, i18n } = useTranslation();
  const { tiers } = useCatalog();
  const tier = tiers.find((x) => x.id === m.tierId);
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const date = (d: string | null | undefined) => (d ? new Date(`${d}T12:00:00`).toLocaleDateString(locale) : '—');
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
        <StatusBadge status={m.status} reason={m.status === 'rejected' ? m.statusReason : null} /> <ItemSyncBadge collection="memberships" id={m.id} />
      </p>
      {m.validFrom ? <p className="hint">{t('membership.valid', { from: date(m.validFrom), to: date(m.validTo) })}</p> : null}
      <p className="hint">{t(`payment.short_${m.paymentMethod}`)}{m.purchaseOrderNumber ? ` · ${t('membership.poShort', { po: m.purchaseOrderNumber })}` : ''}</p>
      {invoice ? (
        <p data-testid="membership-invoice">
          <a href={hrefFor('invoices', invoice.id)}>{t('membership.invoice', { number: invoice.number, total: formatMoney(invoice.totalCents, invoice.currency, locale), due: date(invoice.dueDate) })}</a>
        </p>
      ) : m.status !== 'rejected' ? (
        <p className="hint">{t('membership.invoiceAwaiting')}</p>
      ) : null}
    </article>
  );
}
