import { describe, expect, it } from 'vitest';
import type { Account, IdentityBackend } from '../backends/identity-backend';
import { configSchema } from '../config/schema';
import { lookupForms, normalizeIdentifier, ownDomainsOf, resolveIdentifier } from './identifier';

const own = ['univ-demo.ma', 'ancien.univ-demo.ma'];

describe('normalizeIdentifier', () => {
  it('folds case, spaces, Unicode compatibility forms and the own domains into one name', () => {
    for (const typed of ['jdoe', ' JDoe\t', 'jdoe@univ-demo.ma', 'JDOE@UNIV-DEMO.MA', 'jdoe@ancien.univ-demo.ma', 'ｊｄｏｅ', 'ｊｄｏｅ＠ｕｎｉｖ－ｄｅｍｏ．ｍａ']) {
      expect(normalizeIdentifier(typed, own), typed).toBe('jdoe');
    }
    expect(normalizeIdentifier('ﬁona', own)).toBe('fiona');
  });

  it('keeps a foreign domain and a DOMAIN\\ prefix as part of the name', () => {
    expect(normalizeIdentifier('JDoe@Gmail.com', own)).toBe('jdoe@gmail.com');
    expect(normalizeIdentifier('jdoe@univ-demo.ma.evil.example', own)).toBe('jdoe@univ-demo.ma.evil.example');
    expect(normalizeIdentifier('UNIV\\jdoe', own)).toBe('univ\\jdoe');
    expect(normalizeIdentifier('@univ-demo.ma', own)).toBe('@univ-demo.ma');
  });

  it('is a fixpoint: a name normalized again is the same name, so no spelling reaches an account under a name of its own', () => {
    // Each of these, before, left a name that a directory still matched to the bare account (the own domain a
    // second time, a space the directory trims, a NUL Samba ends the name at), while an unknown name got a decoy of its own.
    for (const typed of ['jdoe@univ-demo.ma@univ-demo.ma', 'jdoe@ancien.univ-demo.ma@UNIV-DEMO.MA', 'jdoe @univ-demo.ma', 'jdoe\u0000', 'jd\u0000oe', 'jdoe\u0000@univ-demo.ma', 'jdoe\u200b', 'jdoe\u00ad @univ-demo.ma']) {
      expect(normalizeIdentifier(typed, own), JSON.stringify(typed)).toBe('jdoe');
    }
    for (const typed of ['anne  marie', 'Anne\t marie', 'anne\u3000\u200b marie ', 'anne \u00a0marie@univ-demo.ma']) {
      expect(normalizeIdentifier(typed, own), JSON.stringify(typed)).toBe('anne marie');
    }
    for (const typed of ['jdoe@gmail.com@univ-demo.ma', ' x @ y ', 'a\u0000b@univ-demo.ma.', 'UNIV\\jdoe @univ-demo.ma']) {
      const once = normalizeIdentifier(typed, own);
      expect(normalizeIdentifier(once, own), JSON.stringify(typed)).toBe(once);
    }
  });

  it('reads the own domains from organization.domain and organization.otherDomains', () => {
    expect(ownDomainsOf(configSchema.parse({ organization: { domain: 'Univ-Demo.MA', otherDomains: ['ancien.univ-demo.ma', 'univ-demo.ma'] } }))).toEqual(own);
  });
});

describe('lookupForms and resolveIdentifier', () => {
  it('asks for the bare name at every own domain too, and a foreign address as it is', () => {
    expect(lookupForms('jdoe', own)).toEqual(['jdoe', 'jdoe@univ-demo.ma', 'jdoe@ancien.univ-demo.ma']);
    expect(lookupForms('jdoe@gmail.com', own)).toEqual(['jdoe@gmail.com']);
  });

  it('finds one account under any form, and nobody when two forms reach two accounts', async () => {
    const account = (id: string): Account => ({ id, username: id, displayName: id, disabled: false, locked: false });
    const directory: Record<string, Account> = {
      jdoe: account('1'),
      'john.doe@univ-demo.ma': account('1'),
      twin: account('2'),
      'twin@univ-demo.ma': account('3'),
      'mail.only@univ-demo.ma': account('4'),
    };
    const asked: string[] = [];
    const backend = { findUser: async (form: string) => (asked.push(form), directory[form] ?? null) } as unknown as IdentityBackend;
    const config = configSchema.parse({ organization: { domain: 'univ-demo.ma' } });
    expect(await resolveIdentifier(backend, config, 'JDOE@univ-demo.ma')).toMatchObject({ name: 'jdoe', form: 'jdoe', account: { id: '1' } });
    expect(await resolveIdentifier(backend, config, 'john.doe')).toMatchObject({ name: 'john.doe', form: 'john.doe@univ-demo.ma', account: { id: '1' } });
    expect(await resolveIdentifier(backend, config, 'mail.only@univ-demo.ma')).toMatchObject({ account: { id: '4' } });
    expect(await resolveIdentifier(backend, config, 'twin')).toEqual({ name: 'twin', form: 'twin', account: null });
    asked.length = 0;
    expect(await resolveIdentifier(backend, config, 'nobody')).toEqual({ name: 'nobody', form: 'nobody', account: null });
    expect(asked).toEqual(['nobody', 'nobody@univ-demo.ma']);
  });
});
