import { describe, expect, it } from 'vitest';
import { foldToGsm7, smsLength, smsText } from './sms-encoding';

describe('smsLength', () => {
  it('counts GSM-7 text in septets, extension characters twice', () => {
    expect(smsLength('Code: 123456')).toEqual({ encoding: 'gsm7', length: 12, limit: 160, fits: true });
    expect(smsLength('€[]')).toMatchObject({ encoding: 'gsm7', length: 6 });
    expect(smsLength('à é è ù ì ò Ç Ø Å Æ ß É Ä Ö Ñ Ü ä ö ñ ü').encoding).toBe('gsm7');
  });

  it('is exactly at the limits of one part', () => {
    expect(smsLength('a'.repeat(160)).fits).toBe(true);
    expect(smsLength('a'.repeat(161)).fits).toBe(false);
    expect(smsLength('€'.repeat(80)).fits).toBe(true);
    expect(smsLength('€'.repeat(81)).fits).toBe(false);
    expect(smsLength('ر'.repeat(70))).toEqual({ encoding: 'ucs2', length: 70, limit: 70, fits: true });
    expect(smsLength('ر'.repeat(71)).fits).toBe(false);
  });

  it('switches to UCS-2 for a single character outside GSM-7, counting UTF-16 units', () => {
    expect(smsLength('reçu').encoding).toBe('ucs2');
    expect(smsLength('ok 🙂')).toMatchObject({ encoding: 'ucs2', length: 5 });
  });
});

describe('foldToGsm7 / smsText', () => {
  it('drops accents and typography GSM-7 lacks, keeping the ones it has', () => {
    expect(foldToGsm7('Reçu « être » d’Agadir – Tofaïl …\u202F:')).toBe('Recu " etre " d\'Agadir - Tofail ... :');
    expect(foldToGsm7('à é É')).toBe('à é É');
  });

  it('folds only when that makes the whole text GSM-7', () => {
    expect(smsText('Reçu')).toMatchObject({ text: 'Recu', encoding: 'gsm7' });
    const arabic = 'Université: رمزك';
    expect(smsText(arabic)).toMatchObject({ text: arabic, encoding: 'ucs2' });
  });
});
