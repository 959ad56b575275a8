import { describe, expect, it } from 'vitest';
import { isRegisterPath, matchPath, pathOfHash } from './route.ts';

describe('pathOfHash', () => {
  it('treats no hash and bare slashes as home', () => {
    expect(pathOfHash('')).toBe('/');
    expect(pathOfHash('#')).toBe('/');
    expect(pathOfHash('#/')).toBe('/');
  });

  it('keeps the path, adds a leading slash, drops a trailing one and any query', () => {
    expect(pathOfHash('#/sync')).toBe('/sync');
    expect(pathOfHash('#sync/')).toBe('/sync');
    expect(pathOfHash('#/device?x=1')).toBe('/device');
  });
});

describe('matchPath', () => {
  it('returns the decoded params of a matching path', () => {
    expect(
      matchPath('/register/:groupId/:date/:session', '/register/g%203b/2026-12-02/AM'),
    ).toEqual({ groupId: 'g 3b', date: '2026-12-02', session: 'AM' });
  });

  it('needs every fixed segment and the same number of segments', () => {
    expect(matchPath('/sync', '/sync')).toEqual({});
    expect(matchPath('/sync', '/sync/more')).toBeNull();
    expect(matchPath('/register/:groupId', '/registers/g-3b')).toBeNull();
  });

  it('never matches an empty or undecodable param', () => {
    expect(matchPath('/register/:groupId', '/register/')).toBeNull();
    expect(matchPath('/register/:groupId', '/register/%E0%A4%A')).toBeNull();
  });
});

describe('isRegisterPath', () => {
  it('recognises only the register screen', () => {
    expect(isRegisterPath('/register/g-3b/2026-12-02/PM')).toBe(true);
    expect(isRegisterPath('/today')).toBe(false);
    expect(isRegisterPath('/register/g-3b')).toBe(false);
  });
});
