import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEvent, FakeSession, FakeWebContents, resetElectronMock } from '../../test/support/electron-mock';
import { guardWebContents, isAppUrl, lockDownSession } from './web-guards';

vi.mock('electron', () => import('../../test/support/electron-mock'));

let contents: FakeWebContents;
let log: ReturnType<typeof vi.fn<(line: string) => void>>;

beforeEach(() => {
  resetElectronMock();
  contents = new FakeWebContents();
  log = vi.fn();
  guardWebContents(contents as never, log);
});

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-redirect'])('%s away from the app is prevented', (event) => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://guichet.evil/index.html', 'javascript:alert(1)', 'not a url']) {
      const e = new FakeEvent();
      contents.emit(event, e, url);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
  });

  it('lets the app move within its own origin', () => {
    const e = new FakeEvent();
    contents.emit('will-navigate', e, 'app://guichet/index.html');
    expect(e.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents frame navigations away from the app', () => {
    const e = Object.assign(new FakeEvent(), { url: 'https://evil.example/' });
    contents.emit('will-frame-navigate', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('logs only the scheme of a refused URL, never the URL', () => {
    contents.emit('will-navigate', new FakeEvent(), 'https://evil.example/?phone=0612345678');
    expect(log).toHaveBeenCalledWith('navigation: refused navigation to a https URL');
    expect(JSON.stringify(log.mock.calls)).not.toContain('0612345678');
  });

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'app://guichet/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const e = new FakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('cancels bluetooth device selection instead of picking the first device', () => {
    const e = new FakeEvent();
    const callback = vi.fn();
    contents.emit('select-bluetooth-device', e, [{ deviceId: 'd1' }], callback);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith('');
  });
});

describe('lockDownSession', () => {
  it('serves the app protocol and denies every permission request, check and device', () => {
    const ses = new FakeSession('guichet-visitor-1', undefined);
    const serve = vi.fn();
    lockDownSession(ses as never, serve);
    expect(ses.protocol.handle).toHaveBeenCalledWith('app', serve);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const callback = vi.fn();
      ses.permissionRequestHandler!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!({}, permission, 'app://guichet', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://guichet' })).toBe(false);

    for (const [event, args] of [
      ['select-hid-device', [{ deviceList: [] }]],
      ['select-usb-device', [{ deviceList: [] }]],
      ['select-serial-port', [[], {}]],
    ] as const) {
      const e = new FakeEvent();
      const callback = vi.fn();
      ses.emit(event, e, ...args, callback);
      expect(e.preventDefault).toHaveBeenCalled();
      expect(callback).toHaveBeenCalledTimes(1);
      expect(callback.mock.calls[0]?.[0] ?? '').toBe('');
    }
  });
});

describe('isAppUrl', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('app://guichet/index.html')).toBe(true);
    expect(isAppUrl('app://guichet.evil/')).toBe(false);
    expect(isAppUrl('app://guichet@evil/')).toBe(false);
    expect(isAppUrl('http://guichet/')).toBe(false);
  });
});
