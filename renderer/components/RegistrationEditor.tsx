/**
 * Fixing one registration, keyboard first: every field the client owns (product model, serial,
 * purchase date with its best-guess flag, country, dealer) in one form, the first missing or
 * wrong one focused when it opens; Enter saves (the server decides it again once synced), Escape
 * closes. "Withdraw" deletes it after a second press to confirm — both only while no points are
 * assigned (docs/program.md#product-registration). The form never writes itself: `onSave` and
 * `onWithdraw` do, through the actions (renderer/actions/registrations.ts).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkRegistration, normaliseSerial, type RegistrationField } from '../../shared/program/registration';
import type { ProductModel, Registration } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import { useCatalog } from '../app/catalog';
import { todayIso } from '../app/ids';
import { ModelPicker } from '../counter/ModelPicker';
import type { RegistrationFix } from '../actions/registrations';
import { CountrySelect } from './CountrySelect';

export interface RegistrationEditorProps {
  registration: Registration;
  /** The field to focus first (the first missing or wrong one), or null for the serial. */
  focus: RegistrationField | null;
  /** The organisation's other registrations (a (model, serial) held by one of them cannot be saved again). */
  siblings: readonly Registration[];
  onSave(fix: RegistrationFix): Promise<void>;
  onWithdraw(): Promise<void>;
  onClose(): void;
}

export function RegistrationEditor({ registration: r, focus, siblings, onSave, onWithdraw, onClose }: RegistrationEditorProps) {
  const { t } = useTranslation();
  const { index, byId } = useCatalog();
  const [model, setModel] = useState<ProductModel | null>(byId.get(r.productModelId) ?? null);
  const [serial, setSerial] = useState(r.serialNumber ?? '');
  const [purchaseDate, setPurchaseDate] = useState(r.purchaseDate ?? '');
  const [estimated, setEstimated] = useState(Boolean(r.purchaseDateEstimated));
  const [country, setCountry] = useState(r.purchaseCountry ?? '');
  const [dealer, setDealer] = useState(r.dealerName ?? '');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const modelRef = useRef<HTMLInputElement>(null);
  const serialRef = useRef<HTMLInputElement>(null);
  const base = `edit-${r.id}`;

  useEffect(() => {
    const target =
      focus === 'productModelId'
        ? modelRef.current
        : focus === 'purchaseDate'
          ? document.getElementById(`${base}-date`)
          : focus === 'purchaseCountry'
            ? document.getElementById(`${base}-country`)
            : focus === 'dealerName'
              ? document.getElementById(`${base}-dealer`)
              : serialRef.current;
    target?.focus();
    // Focus once, when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const normalisedSerial = normaliseSerial(serial);
  const check = useMemo(
    () => checkRegistration({ productModelId: model?.id, serialNumber: normalisedSerial, purchaseDate, purchaseDateEstimated: estimated, purchaseCountry: country, dealerName: dealer }, model ?? undefined, { today: todayIso() }),
    [model, normalisedSerial, purchaseDate, estimated, country, dealer],
  );
  const problemOf = (field: RegistrationField) => check.problems.find((p) => p.field === field);
  const hint = (field: RegistrationField) => {
    const p = problemOf(field);
    return p ? t(`problem.${p.reason}`, { field: t(`field.${field}`) }) : '\u00a0';
  };
  // Its own serial is never its own duplicate: only the organisation's other registrations count.
  const heldHere = model
    ? siblings.find((o) => o.id !== r.id && o.productModelId === model.id && normaliseSerial(o.serialNumber) === normalisedSerial && o.status !== 'rejected-duplicate' && o.status !== 'rejected')
    : undefined;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!model || !normalisedSerial || heldHere || busy) return;
    setBusy(true);
    try {
      await onSave({
        productModelId: model.id,
        serialNumber: normalisedSerial,
        purchaseDate: purchaseDate || null,
        // The flag belongs to the date: no date, no best guess.
        purchaseDateEstimated: purchaseDate ? estimated : false,
        purchaseCountry: country,
        dealerName: dealer.trim(),
      });
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    try {
      await onWithdraw();
    } finally {
      setBusy(false);
    }
  }

  const title = t('registration.editTitle', { model: byId.get(r.productModelId)?.code ?? '', serial: r.serialNumber });
  return (
    <form
      className="registration-editor counter-form"
      aria-label={title}
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement && e.target.getAttribute('role') === 'combobox' && e.target.getAttribute('aria-expanded') === 'true')) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h3>{title}</h3>
      <ModelPicker ref={modelRef} index={index} selected={model} onSelect={setModel} onPicked={() => serialRef.current?.focus()} />
      <div className="field">
        <label htmlFor={`${base}-serial`}>{t('counter.serial')}</label>
        <input
          id={`${base}-serial`}
          ref={serialRef}
          autoComplete="off"
          spellCheck={false}
          value={serial}
          aria-invalid={Boolean(problemOf('serialNumber')) || Boolean(heldHere)}
          aria-describedby={`${base}-serial-hint`}
          onChange={(e) => setSerial(cleanText(e.target.value))}
        />
        <p id={`${base}-serial-hint`} className={heldHere ? 'hint warning' : 'hint'} role={heldHere ? 'alert' : undefined}>
          {heldHere ? t('counter.duplicateHere', { serial: normalisedSerial, model: model?.code ?? '' }) : hint('serialNumber')}
        </p>
      </div>
      <div className="field date">
        <label htmlFor={`${base}-date`}>{t('counter.purchaseDate')}</label>
        <input
          id={`${base}-date`}
          type="date"
          value={purchaseDate}
          max={todayIso()}
          aria-invalid={Boolean(problemOf('purchaseDate'))}
          aria-describedby={`${base}-date-hint`}
          onChange={(e) => setPurchaseDate(e.target.value)}
        />
        <label className="inline">
          <input type="checkbox" checked={estimated} onChange={(e) => setEstimated(e.target.checked)} /> {t('counter.bestGuess')}
        </label>
        <p id={`${base}-date-hint`} className="hint">
          {hint('purchaseDate')}
        </p>
      </div>
      <CountrySelect id={`${base}-country`} label={t('counter.country')} value={country} onChange={setCountry} placeholder={t('registration.chooseCountry')} />
      <div className="field">
        <label htmlFor={`${base}-dealer`}>{t('counter.dealer')}</label>
        <input
          id={`${base}-dealer`}
          value={dealer}
          autoComplete="organization"
          aria-invalid={Boolean(problemOf('dealerName'))}
          aria-describedby={`${base}-dealer-hint`}
          onChange={(e) => setDealer(cleanText(e.target.value))}
        />
        <p id={`${base}-dealer-hint`} className="hint">
          {hint('dealerName')}
        </p>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={!model || !normalisedSerial || Boolean(heldHere) || busy}>
          {t('registration.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className={confirming ? 'danger' : undefined} onClick={() => void withdraw()} disabled={busy}>
          {confirming ? t('registration.withdrawConfirm') : t('registration.withdraw')}
        </button>
        {confirming ? (
          <span className="hint" role="alert">
            {t('registration.withdrawExplain')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
