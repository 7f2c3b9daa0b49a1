#!/bin/sh
# Records the spoken characters of the audio CAPTCHA: one clip per character and locale, 16 kHz mono 16-bit PCM,
# silence trimmed and level normalized. The clips are committed; run this again only to change the voice or the
# alphabet (keep it equal to `captchaAlphabet` in electron/core/verify/captcha/alphabet.ts).
# Needs Debian's espeak-ng and sox.
set -eu

ALPHABET="23456789AFHKMRXY"
LOCALES="fr en ar"
OUT="$(cd "$(dirname "$0")/.." && pwd)/electron/core/verify/captcha/clips"

command -v espeak-ng >/dev/null || { echo "espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing (apt-get install sox)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for locale in $LOCALES; do
  mkdir -p "$OUT/$locale"
  rm -f "$OUT/$locale"/*.wav
  chars="$ALPHABET"
  while [ -n "$chars" ]; do
    char="$(printf '%s' "$chars" | cut -c1)"
    chars="$(printf '%s' "$chars" | cut -c2-)"
    # Speaking a lone character makes espeak-ng say its name ("F" → "èf", "ef"); the Arabic voice says digits in
    # Arabic and Latin letters by their English names.
    espeak-ng -v "$locale" -s 150 -w "$tmp/raw.wav" "$char"
    sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$OUT/$locale/$char.wav" \
      silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse gain -n -3
  done
done

du -sh "$OUT"
