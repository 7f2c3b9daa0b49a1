import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle';

describe('createThrottle', () => {
  it('lets one call through per interval', () => {
    const throttle = createThrottle(5000);
    expect(throttle.ready(0)).toBe(true);
    expect(throttle.ready(1)).toBe(false);
    expect(throttle.ready(4999)).toBe(false);
    expect(throttle.ready(5000)).toBe(true);
    expect(throttle.ready(9999)).toBe(false);
  });

  it('counts an explicit call', () => {
    const throttle = createThrottle(5000);
    throttle.mark(100);
    expect(throttle.ready(5099)).toBe(false);
    expect(throttle.ready(5100)).toBe(true);
  });
});
