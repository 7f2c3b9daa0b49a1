import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from './wav';

describe('wav', () => {
  it('round-trips mono 16-bit PCM', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const file = encodeWav({ sampleRate: 16_000, samples });
    expect(file.length).toBe(44 + samples.length * 2);
    expect(file.toString('ascii', 0, 4)).toBe('RIFF');
    expect(file.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(file.readUInt32LE(28)).toBe(32_000);
    const back = parseWav(file);
    expect(back.sampleRate).toBe(16_000);
    expect([...back.samples]).toEqual([...samples]);
  });

  it('skips chunks it does not need', () => {
    const plain = encodeWav({ sampleRate: 8_000, samples: Int16Array.from([5, -5]) });
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const file = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    file.writeUInt32LE(file.length - 8, 4);
    expect([...parseWav(file).samples]).toEqual([5, -5]);
  });

  it.each([
    ['not RIFF', Buffer.from('hello world, not a wave')],
    ['no data', encodeWav({ sampleRate: 16_000, samples: new Int16Array(0) }).subarray(0, 36)],
  ])('rejects %s', (_, file) => {
    expect(() => parseWav(file)).toThrow();
  });

  it('rejects stereo and 8-bit files', () => {
    const stereo = encodeWav({ sampleRate: 16_000, samples: new Int16Array(4) });
    stereo.writeUInt16LE(2, 22);
    expect(() => parseWav(stereo)).toThrow(/unsupported/);
    const eightBit = encodeWav({ sampleRate: 16_000, samples: new Int16Array(4) });
    eightBit.writeUInt16LE(8, 34);
    expect(() => parseWav(eightBit)).toThrow(/unsupported/);
  });

  it('rejects a truncated data chunk', () => {
    const file = encodeWav({ sampleRate: 16_000, samples: new Int16Array(10) });
    expect(() => parseWav(file.subarray(0, 50))).toThrow(/truncated/);
  });
});
