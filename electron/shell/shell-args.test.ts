import { describe, expect, it } from 'vitest';
import { parseShellArgs } from './shell-args';

describe('parseShellArgs', () => {
  it('reads --data-dir in both spellings and --dev', () => {
    expect(parseShellArgs(['.', '--data-dir', '/tmp/a', '--dev'])).toEqual({ dataDir: '/tmp/a', dev: true });
    expect(parseShellArgs(['--data-dir=/tmp/b'])).toEqual({ dataDir: '/tmp/b', dev: false });
  });

  it('ignores what belongs to others: the app path, --config, Chromium switches', () => {
    expect(parseShellArgs(['--inspect=0', '--remote-debugging-port=0', 'out/main/index.js', '--config', 'x.json', '--no-sandbox'])).toEqual({ dataDir: undefined, dev: false });
  });
});
