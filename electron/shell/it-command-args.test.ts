import { describe, expect, it } from 'vitest';
import { itCommandArgs } from './it-command-args';

describe('itCommandArgs', () => {
  it('a packaged app: everything after the executable', () => {
    expect(itCommandArgs(['C:\\Program Files\\Guichet\\Guichet.exe', 'config', 'check'], false)).toEqual(['config', 'check']);
    expect(itCommandArgs(['/opt/Guichet/guichet'], false)).toEqual([]);
  });

  it('Electron started on a folder: the app path is dropped, switches and options before it are kept', () => {
    expect(itCommandArgs(['/repo/node_modules/electron/dist/electron', '.', 'config', 'schema'], true)).toEqual(['config', 'schema']);
    expect(itCommandArgs(['electron', '--inspect=0', '--remote-debugging-port=0', '/repo', '--data-dir', 'x'], true)).toEqual([
      '--inspect=0',
      '--remote-debugging-port=0',
      '--data-dir',
      'x',
    ]);
    // An option's value is not the app path.
    expect(itCommandArgs(['electron', '-r', 'loader.js', '--config', 'c.json', '.', '--version'], true)).toEqual(['-r', 'loader.js', '--config', 'c.json', '--version']);
    expect(itCommandArgs(['electron', '--no-sandbox'], true)).toEqual(['--no-sandbox']);
  });
});
