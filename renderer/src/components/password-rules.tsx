import { useTranslation } from 'react-i18next';
import type { PasswordContext } from '../../../shared/steps';
import type { RuleId, RuleState } from '../../../shared/password-policy';

const categoryIds: RuleId[] = ['lower', 'upper', 'digit', 'symbol'];

type Bounds = { min: number; max: number; categories: number };

/** The policy's rules as a live checklist, shown before anything is typed; character types nest under "3 of 4". */
export const PasswordRules = ({ id, rules, bounds }: { id: string; rules: RuleState[]; bounds: Bounds }) => {
  const categories = rules.filter((rule) => categoryIds.includes(rule.id));
  return (
    <ul id={id} className="rules">
      {rules
        .filter((rule) => !categoryIds.includes(rule.id))
        .map((rule) => (
          <Rule key={rule.id} rule={rule} bounds={bounds}>
            {rule.id === 'categories' && categories.length > 0 && (
              <ul className="rules nested">
                {categories.map((category) => (
                  <Rule key={category.id} rule={category} bounds={bounds} />
                ))}
              </ul>
            )}
          </Rule>
        ))}
    </ul>
  );
};

const Rule = ({ rule, bounds, children }: { rule: RuleState; bounds: Bounds; children?: React.ReactNode }) => {
  const { t } = useTranslation();
  return (
    <li className={rule.met ? 'rule met' : 'rule'}>
      <span className="rule-line">
        <span className="rule-icon" aria-hidden="true">
          {rule.met ? '✓' : '○'}
        </span>
        <span>{t(`policy.rule.${rule.id}`, bounds)}</span>
        <span className="sr-only">{` (${rule.met ? t('policy.met') : t('policy.unmet')})`}</span>
      </span>
      {children}
    </li>
  );
};

/** The first rule the password breaks, of those a visitor reads as one line (the character types count as one). */
export const firstBrokenRule = (rules: RuleState[]): RuleId | undefined => rules.find((rule) => !rule.met && !categoryIds.includes(rule.id))?.id;

/** The rules before the engine is loaded: the same shape, nothing met yet. */
export const idleRules = (preset: PasswordContext['preset']): RuleState[] =>
  (preset === 'nist' ? ['length', 'no-username', 'not-banned'] : ['length', ...categoryIds, 'categories', 'no-username', 'not-banned']).map(
    (id) => ({ id: id as RuleId, met: false }),
  );
