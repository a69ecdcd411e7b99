/**
 * Product model combobox: search-as-you-type over the local catalog (WAI-ARIA combobox pattern).
 * Arrow keys move through the matches, Enter picks the highlighted one (the first by default), so a
 * known model code takes its letters plus one Enter.
 */
import { forwardRef, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductModel } from '../../shared/schemas';
import type { ModelSearchIndex } from './modelSearch';

export interface ModelPickerProps {
  index: ModelSearchIndex;
  selected: ProductModel | null;
  onSelect(model: ProductModel | null): void;
  /** Called after a pick with Enter, to move focus to the next field. */
  onPicked(): void;
}

export const ModelPicker = forwardRef<HTMLInputElement, ModelPickerProps>(function ModelPicker({ index, selected, onSelect, onPicked }, ref) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const results = useMemo(() => index.search(query), [index, query]);
  const text = selected && !open ? `${selected.code} — ${selected.name}` : query;

  const pick = (model: ProductModel | undefined) => {
    if (!model) return false;
    onSelect(model);
    setQuery('');
    setOpen(false);
    return true;
  };

  return (
    <div className="combobox">
      <label htmlFor={`${id}-input`}>{t('counter.model')}</label>
      <input
        ref={ref}
        id={`${id}-input`}
        role="combobox"
        aria-expanded={open && results.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && results[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('counter.modelPlaceholder')}
        value={text}
        onFocus={(e) => {
          if (selected) {
            setQuery('');
            e.currentTarget.select();
          }
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
          if (selected) onSelect(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            if (open && pick(results[active])) {
              e.preventDefault();
              onPicked();
            } else if (!selected) e.preventDefault();
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        onBlur={() => setOpen(false)}
      />
      <ul id={`${id}-list`} role="listbox" className="combobox-list" hidden={!open || results.length === 0} aria-label={t('counter.modelResults', { count: results.length })}>
        {results.map((model, i) => (
          <li
            key={model.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(model);
              onPicked();
            }}
          >
            <span className="code">{model.code}</span> <span className="name">{model.name}</span>{' '}
            <span className="points">{model.retired ? t('counter.retired') : t('common.points', { count: model.points })}</span>
          </li>
        ))}
      </ul>
      <p className="hint" aria-live="polite">
        {open && query && results.length === 0 ? t('counter.modelNoMatch', { query }) : '\u00a0'}
      </p>
    </div>
  );
});
