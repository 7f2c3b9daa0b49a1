import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "étape de vérification 1 ✓ > étape de vérification 2 > choisir un nouveau mot de passe".
 * `current` is the 1-based verification gate in progress, or `gates + 1` on the password step.
 */
export const Breadcrumb = ({ gates, current }: { gates: number; current: number }) => {
  const { t } = useTranslation();
  const items = [
    ...Array.from({ length: gates }, (_, index) => t('recovery.breadcrumb.gate', { n: index + 1 })),
    t('recovery.breadcrumb.password'),
  ];
  return (
    <nav className="breadcrumb" aria-label={t('recovery.breadcrumb.label')}>
      <ol>
        {items.map((label, index) => {
          const position = index + 1;
          const done = position < current;
          const here = position === current;
          return (
            <Fragment key={position}>
              <li className={here ? 'crumb current' : done ? 'crumb done' : 'crumb'} aria-current={here ? 'step' : undefined}>
                {label}
                {done && (
                  <>
                    <span className="check" aria-hidden="true">
                      {' ✓'}
                    </span>
                    <span className="sr-only">{` ${t('recovery.breadcrumb.done')}`}</span>
                  </>
                )}
              </li>
              {position < items.length && (
                // Left to right, so that only the stylesheet turns it round in Arabic, whatever the browser's mirroring.
                <li className="crumb-separator" aria-hidden="true" dir="ltr">
                  {'>'}
                </li>
              )}
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
};
