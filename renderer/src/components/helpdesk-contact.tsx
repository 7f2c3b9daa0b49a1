import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Helpdesk } from '../../../shared/steps';
import { Ltr } from './rich';
import { useView } from './guichet-context';

const entries = (helpdesk: Helpdesk) =>
  (['phone', 'email', 'location', 'hours'] as const).filter((key) => helpdesk[key]).map((key) => [key, helpdesk[key]!] as const);

/** The helpdesk contact from the configuration, wherever a visitor may be stuck. */
export const HelpdeskContact = ({ compact = false }: { compact?: boolean }) => {
  const { t } = useTranslation();
  const helpdesk = useView().organization.helpdesk;
  const list = entries(helpdesk);
  const titleId = useId();
  if (list.length === 0) return null;
  if (compact) {
    return (
      <p className="helpdesk-inline">
        {t('helpdesk.inline')}{' '}
        {list
          .filter(([key]) => key === 'phone' || key === 'email')
          .map(([key, value], index) => (
            <span key={key}>
              {index > 0 && <span aria-hidden="true"> · </span>}
              <span className={key === 'phone' ? 'contact-value nowrap' : 'contact-value'}>
                <Ltr>{value}</Ltr>
              </span>
            </span>
          ))}
      </p>
    );
  }
  return (
    <section className="helpdesk" aria-labelledby={titleId}>
      <h2 id={titleId} className="helpdesk-title">
        {t('helpdesk.title')}
      </h2>
      <dl>
        {list.map(([key, value]) => (
          <div key={key} className="helpdesk-row">
            <dt>{t(`helpdesk.${key}`)}</dt>
            <dd className={key === 'phone' ? 'nowrap' : undefined}>{key === 'phone' || key === 'email' ? <Ltr>{value}</Ltr> : value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
};
