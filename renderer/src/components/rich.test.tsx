import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Ltr, Rich, slot } from './rich';

describe('Rich', () => {
  it('puts nodes where the translation has their slot', () => {
    const text = `Défini sur ${slot('value')}.`;
    expect(renderToStaticMarkup(<Rich text={text} slots={{ value: <Ltr>+212 701071074</Ltr> }} />)).toBe(
      'Défini sur <bdi dir="ltr">+212 701071074</bdi>.',
    );
  });

  it('keeps values as text, never markup', () => {
    const html = renderToStaticMarkup(<Rich text={`${slot('a')} et ${slot('b')}`} slots={{ a: '<b>x</b>', b: <Ltr>{'"><img>'}</Ltr> }} />);
    expect(html).toBe('&lt;b&gt;x&lt;/b&gt; et <bdi dir="ltr">&quot;&gt;&lt;img&gt;</bdi>');
  });
});
