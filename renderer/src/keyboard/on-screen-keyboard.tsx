import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useGuichetState } from '../components/guichet-context';
import { deleteBackward, insertText } from './edit';
import { layoutOf, padOf, scriptCaps, startScript, symbolNames, typed, type Key, type Layout, type Page, type SymbolName } from './layouts';
import { editField, isTextField, type TextField } from './type-into';
import './on-screen-keyboard.css';

/**
 * The built-in keyboard of touchscreen kiosks (`kiosk.onScreenKeyboard`), mounted once in the page. It opens when a
 * text field takes focus and types into it as a real keyboard would. What is typed goes only into the field:
 * the keyboard keeps which page is shown and whether Shift is on, never the keys pressed.
 */
export const OnScreenKeyboard = () => {
  const enabled = useGuichetState((state) => state.view?.kiosk.onScreenKeyboard ?? false);
  return enabled ? <KeyboardHost /> : null;
};

type Target = { field: TextField; page: Page; shift: boolean; hidden: boolean };

const pageFor = (locale: string, field: TextField): Page => ({ pad: padOf(field), script: startScript(locale, field), symbols: false });

/** Room kept between the field and the keyboard when the page scrolls the field above it. */
const fieldMargin = 16;

const KeyboardHost = () => {
  const locale = useGuichetState((state) => state.view?.locale ?? 'fr');
  const token = useGuichetState((state) => state.view?.token);
  const [target, setTarget] = useState<Target | null>(null);
  const panel = useRef<HTMLElement>(null);

  // Each new view may have removed the field (a new step): once the page is updated, close for a field that is gone.
  useEffect(() => {
    setTarget((current) => (current && !current.field.isConnected ? null : current));
  }, [token]);

  // The keyboard follows the field last focused and stays while it is on screen: a tap on one of the step's buttons
  // must not fold it away under the finger (the page would move and the tap miss). A new step removes the field.
  useEffect(() => {
    const follow = (element: EventTarget | null) => {
      if (!isTextField(element)) return;
      setTarget((current) => (current?.field === element ? { ...current, hidden: false } : { field: element, page: pageFor(locale, element), shift: false, hidden: false }));
    };
    const onFocusIn = (event: FocusEvent) => follow(event.target);
    // A tap on the field that already has focus brings a hidden keyboard back.
    const onPointerDown = (event: PointerEvent) => {
      if (event.target === document.activeElement) follow(event.target);
    };
    // Another language has other letters: start again from the field's first page.
    setTarget((current) => current && { ...current, page: pageFor(locale, current.field), shift: false });
    follow(document.activeElement);
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [locale]);

  const shown = target && !target.hidden && target.field.isConnected ? target : null;
  const shownField = shown?.field;

  // The keyboard must not cover the field being typed into.
  useEffect(() => {
    const keys = panel.current;
    if (!shownField || !keys) return;
    const overlap = shownField.getBoundingClientRect().bottom + fieldMargin - keys.getBoundingClientRect().top;
    if (overlap > 0) window.scrollBy({ top: overlap });
  }, [shownField]);

  if (!shown) return null;

  const press = (key: Key) => {
    const { field, page, shift } = shown;
    if (!field.isConnected) return setTarget(null);
    // Typing goes back to the field, even after a tap elsewhere in the step.
    if (document.activeElement !== field) field.focus({ preventScroll: true });
    switch (key.kind) {
      case 'char':
        editField(field, (state, maxLength) => insertText(state, typed(key, shift), maxLength));
        // Shift holds for one character, as on phones.
        if (shift) setTarget({ ...shown, shift: false });
        return;
      case 'space':
        editField(field, (state, maxLength) => insertText(state, ' ', maxLength));
        return;
      case 'backspace':
        editField(field, deleteBackward);
        return;
      case 'shift':
        setTarget({ ...shown, shift: !shift });
        return;
      case 'hide':
        setTarget({ ...shown, hidden: true });
        return;
      case 'symbols':
        setTarget({ ...shown, page: { ...page, symbols: true }, shift: false });
        return;
      case 'letters':
        setTarget({ ...shown, page: { ...page, symbols: false, script: key.script }, shift: false });
        return;
      case 'script':
        setTarget({ ...shown, page: { ...page, symbols: false, script: key.to }, shift: false });
        return;
      case 'gap':
        return;
    }
  };

  return <KeyboardPanel ref={panel} layout={layoutOf(locale, shown.page)} shift={shown.shift} onKey={press} />;
};

type PanelProps = { layout: Layout; shift: boolean; onKey: (key: Key) => void; ref?: Ref<HTMLElement> };

/**
 * The keys of one layout. Rows keep a printed keyboard's left-to-right order in every language (`dir="ltr"`).
 * Keys are out of the tab order: a visitor with a physical keyboard types on it and tabs from field to button.
 */
export const KeyboardPanel = ({ layout, shift, onKey, ref }: PanelProps) => {
  const { t } = useTranslation();
  return (
    <section
      ref={ref}
      className={`osk osk-${layout.id}`}
      data-layout={layout.id}
      aria-label={t('keyboard.label')}
      dir="ltr"
      // The focus stays in the field: a tap on a key (or between keys) must not take it away.
      onMouseDown={(event) => event.preventDefault()}
    >
      <div className="osk-rows">
        {layout.rows.map((row, i) => (
          <div key={i} className="osk-row">
            {row.map((key, j) => (
              <KeyButton key={j} keyDef={key} shift={shift} onKey={onKey} />
            ))}
          </div>
        ))}
      </div>
    </section>
  );
};

const spokenName = (text: string): SymbolName | undefined => (symbolNames as Record<string, SymbolName>)[text];

const KeyButton = ({ keyDef, shift, onKey }: { keyDef: Key; shift: boolean; onKey: (key: Key) => void }) => {
  const { t } = useTranslation();
  if (keyDef.kind === 'gap') return <span className="osk-gap" aria-hidden="true" />;
  const { cap, label, kind, wide } = face(keyDef, shift, t);
  return (
    <button
      type="button"
      className={`osk-key osk-${kind}${wide ? ' osk-wide' : ''}`}
      tabIndex={-1}
      aria-label={label}
      aria-pressed={keyDef.kind === 'shift' ? shift : undefined}
      onClick={() => onKey(keyDef)}
    >
      {cap}
    </button>
  );
};

type Face = { cap: string; label?: string; kind: 'char' | 'function' | 'space'; wide?: boolean };

/** What a key shows and, when that is a symbol or an icon, the name a screen reader says instead. */
function face(key: Exclude<Key, { kind: 'gap' }>, shift: boolean, t: (key: string) => string): Face {
  switch (key.kind) {
    case 'char': {
      const cap = typed(key, shift);
      const name = spokenName(cap);
      return { cap, label: name && t(`keyboard.symbol.${name}`), kind: 'char' };
    }
    case 'backspace':
      return { cap: '⌫', label: t('keyboard.backspace'), kind: 'function' };
    case 'shift':
      return { cap: '⇧', label: t('keyboard.shift'), kind: 'function' };
    case 'space':
      return { cap: t('keyboard.space'), kind: 'space' };
    case 'hide':
      return { cap: t('keyboard.hide'), label: t('keyboard.hideLabel'), kind: 'function', wide: true };
    case 'symbols':
      return { cap: '!?#', label: t('keyboard.symbols'), kind: 'function' };
    case 'letters':
      return { cap: scriptCaps[key.script], label: t('keyboard.letters'), kind: 'function' };
    case 'script':
      return { cap: scriptCaps[key.to], label: t(key.to === 'latin' ? 'keyboard.latin' : 'keyboard.arabic'), kind: 'function' };
  }
}
