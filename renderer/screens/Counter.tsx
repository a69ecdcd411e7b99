/**
 * The Counter (home screen): one keyboard-driven form to register a customer's gear for the
 * selected organisation. Model code + Enter, serial (typed or scanned) + Enter saves, with the
 * purchase date, country and dealer defaulted. Feedback per field before saving (a (model, serial)
 * this organisation already holds in the local replica cannot be saved again; one held by another
 * organisation is a warning, the server decides); the server's
 * verdict per registration in the list below once synced.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkRegistration, normaliseSerial, organisationActions } from '../../shared/program';
import type { ProductModel } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import { useCatalog } from '../app/catalog';
import { hrefFor } from '../app/route';
import { useActions } from '../actions';
import { useApp } from '../app/context';
import { todayIso } from '../app/ids';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { ModelPicker } from '../counter/ModelPicker';
import { purchaseDateAfterSave } from '../counter/purchaseDate';
import { looksLikeProductBarcode, ScanDetector } from '../counter/scanner';
import { CountrySelect } from '../components/CountrySelect';
import { DateField } from '../components/DateField';
import { OrganisationSelect } from '../components/OrganisationSelect';
import { useOrganisation, useSelectedOrganisation } from '../hooks/organisations';
import { useSerialHolders } from '../hooks/registrations';
import { RegistrationList } from '../components/RegistrationList';
import { describeProblems } from '../components/registrationReason';

export function Counter() {
  const { t } = useTranslation();
  const { settings } = useApp();
  const actions = useActions();
  const { index } = useCatalog();
  const [organisationId, setOrganisationId] = useSelectedOrganisation();
  const [model, setModel] = useState<ProductModel | null>(null);
  const [serial, setSerial] = useState('');
  const [purchaseDate, setPurchaseDate] = useState(todayIso());
  const [estimated, setEstimated] = useState(false);
  /** True while the purchase date field holds text that is no usable date (saving waits for it). */
  const [dateUnreadable, setDateUnreadable] = useState(false);
  const [country, setCountry] = useState(settings.defaultCountry);
  const [dealer, setDealer] = useState(settings.dealerName);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const [touched, setTouched] = useState(false);
  const modelRef = useRef<HTMLInputElement>(null);
  const serialRef = useRef<HTMLInputElement>(null);
  const scanner = useRef(new ScanDetector());

  useEffect(() => setCountry(settings.defaultCountry), [settings.defaultCountry]);
  useEffect(() => setDealer(settings.dealerName), [settings.dealerName]);

  const normalisedSerial = normaliseSerial(serial);
  const check = useMemo(
    () =>
      checkRegistration(
        { productModelId: model?.id, serialNumber: normalisedSerial, purchaseDate, purchaseDateEstimated: estimated, purchaseCountry: country, dealerName: dealer },
        model ?? undefined,
        { today: todayIso() },
      ),
    [model, normalisedSerial, purchaseDate, estimated, country, dealer],
  );
  const problemOf = (field: string) => check.problems.find((p) => p.field === field);
  const barcodeWarning = normalisedSerial && looksLikeProductBarcode(normalisedSerial, model?.serialPattern);

  const duplicates = useSerialHolders(normalisedSerial);
  const holders = duplicates.filter((r) => r.status !== 'rejected-duplicate' && r.status !== 'rejected' && (!model || r.productModelId === model.id));
  // the same (model, serial) already held by THIS organisation: saving it again can only be refused
  const duplicateHere = model && organisationId ? holders.find((r) => r.organisationId === organisationId && r.productModelId === model.id) : undefined;
  // held by another organisation: a warning only, the server decides who keeps it
  const duplicate = duplicateHere ? undefined : holders.find((r) => r.organisationId !== organisationId);
  const duplicateOrg = useOrganisation(duplicate?.organisationId ?? '');
  // a rejected account registers no gear until it is corrected and submitted again (shared/program/organisation.ts)
  const chosen = useOrganisation(organisationId);
  const rejected = chosen !== null && !organisationActions(chosen.status).registerGear;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    setTouched(true);
    if (!organisationId || rejected || !model || !normalisedSerial || duplicateHere || dateUnreadable) return;
    await actions.registerProduct({ organisationId, productModelId: model.id, serialNumber: normalisedSerial, purchaseDate, purchaseDateEstimated: estimated, purchaseCountry: country, dealerName: dealer });
    setMessage(uiMessage('counter.saved', { model: model.code, serial: normalisedSerial }));
    setModel(null);
    setSerial('');
    // The date and its best-guess flag travel together to the next product.
    const next = purchaseDateAfterSave({ purchaseDate, estimated }, todayIso());
    setPurchaseDate(next.purchaseDate);
    setEstimated(next.estimated);
    setTouched(false);
    modelRef.current?.focus();
  }

  return (
    <section aria-labelledby="counter-title" className="screen counter">
      <h1 id="counter-title">{t('counter.title')}</h1>
      <OrganisationSelect value={organisationId} onChange={setOrganisationId} />
      {rejected ? (
        <p className="notice warn" role="status" data-testid="counter-rejected">
          {t('counter.rejectedAccount', { organisation: chosen.name })} <a href={hrefFor('organisations', chosen.id)}>{t('counter.correctAccount')}</a>
        </p>
      ) : null}
      <form className="counter-form" onSubmit={save} aria-describedby="counter-status" hidden={rejected}>
        <ModelPicker ref={modelRef} index={index} selected={model} onSelect={setModel} onPicked={() => serialRef.current?.focus()} />
        <div className="field">
          <label htmlFor="serial">{t('counter.serial')}</label>
          <input
            id="serial"
            ref={serialRef}
            autoComplete="off"
            spellCheck={false}
            value={serial}
            aria-invalid={touched && Boolean(problemOf('serialNumber'))}
            aria-describedby="serial-hint"
            onChange={(e) => setSerial(cleanText(e.target.value))}
            onKeyDown={(e) => {
              if (e.key.length === 1) scanner.current.key(e.timeStamp);
              if (e.key === 'Enter') scanner.current.finish();
            }}
          />
          <p id="serial-hint" className={barcodeWarning || duplicateHere ? 'hint warning' : 'hint'} role={barcodeWarning || duplicateHere ? 'alert' : undefined}>
            {barcodeWarning
              ? t('counter.eanScanned', { code: normalisedSerial })
              : duplicateHere
                ? t('counter.duplicateHere', { serial: normalisedSerial, model: model?.code ?? '' })
              : duplicate
                ? t('counter.localDuplicate', { serial: normalisedSerial, organisation: duplicateOrg?.name ?? '' })
                : serial && problemOf('serialNumber')
                  ? t(`problem.${problemOf('serialNumber')!.reason}`, { field: t('field.serialNumber') })
                  : t('counter.serialHint')}
          </p>
        </div>
        <div className="field date">
          <label htmlFor="purchase-date">{t('counter.purchaseDate')}</label>
          <DateField id="purchase-date" value={purchaseDate} max={todayIso()} onChange={setPurchaseDate} onValidity={(ok) => setDateUnreadable(!ok)} />
          <label className="inline">
            <input type="checkbox" checked={estimated} onChange={(e) => setEstimated(e.target.checked)} /> {t('counter.bestGuess')}
          </label>
          <p className="hint">{problemOf('purchaseDate') ? t(`problem.${problemOf('purchaseDate')!.reason}`, { field: t('field.purchaseDate') }) : '\u00a0'}</p>
        </div>
        <CountrySelect id="purchase-country" label={t('counter.country')} value={country} onChange={setCountry} />
        <div className="field">
          <label htmlFor="dealer">{t('counter.dealer')}</label>
          <input id="dealer" value={dealer} onChange={(e) => setDealer(cleanText(e.target.value))} autoComplete="organization" />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={!organisationId || !model || !normalisedSerial || Boolean(duplicateHere) || dateUnreadable}>
            {t('counter.save')}
          </button>
          <span id="counter-status" className="status-line" aria-live="polite">
            {model && !model.retired ? t('counter.wouldAdd', { count: model.points }) : ''}{' '}
            {check.complete ? t('counter.complete') : touched || model ? describeProblems(check.problems, t) : ''}
          </span>
        </div>
        <p className="saved-message" role="status">
          {renderMessage(t, message)}
        </p>
      </form>
      <RegistrationList organisationId={organisationId} />
    </section>
  );
}
