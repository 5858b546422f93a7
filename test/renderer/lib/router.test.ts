import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * A window with just what the router uses: the location hash, `history.replaceState` and events.
 * Setting the hash fires `hashchange` at once (a browser fires it a moment later), and only when
 * the hash changes; `replaceState` fires nothing, as in a browser.
 */
function fakeWindow(initialHash: string) {
  const events = new EventTarget();
  let hash = initialHash;
  return {
    addEventListener: events.addEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
    location: {
      get hash() {
        return hash;
      },
      set hash(value: string) {
        const next = value.startsWith('#') ? value : `#${value}`;
        if (next === hash) return;
        hash = next;
        events.dispatchEvent(new Event('hashchange'));
      },
    },
    history: {
      replaceState(_state: unknown, _title: string, url: string) {
        hash = url;
      },
    },
  };
}

let win: ReturnType<typeof fakeWindow>;

/** A fresh router (its guard and current route are module state) on a window at `hash`. */
async function routerAt(hash = '') {
  win = fakeWindow(hash);
  vi.stubGlobal('window', win);
  vi.resetModules();
  return import('../../../src/renderer/src/lib/router');
}

beforeEach(() => vi.resetModules());
afterEach(() => vi.unstubAllGlobals());

describe('parseRoute and routeHash', () => {
  it('reads an empty hash as the Connections page', async () => {
    const { parseRoute } = await routerAt();
    expect(parseRoute('').path).toBe('/connections');
    expect(parseRoute('#').path).toBe('/connections');
  });

  it('reads the path and the query parameters', async () => {
    const { parseRoute } = await routerAt();
    const route = parseRoute('#/log?levels=error&connection=c%201');
    expect(route.path).toBe('/log');
    expect(route.params.get('levels')).toBe('error');
    expect(route.params.get('connection')).toBe('c 1');
  });

  it('writes a route back as the hash it came from, with no "?" when it has no parameters', async () => {
    const { parseRoute, routeHash } = await routerAt();
    expect(routeHash(parseRoute('#/log?levels=error'))).toBe('#/log?levels=error');
    expect(routeHash(parseRoute('#/jobs'))).toBe('#/jobs');
  });
});

describe('navigation', () => {
  it('starts on the route of the hash the window opened with', async () => {
    const { currentRoute } = await routerAt('#/flows/f1');
    expect(currentRoute().path).toBe('/flows/f1');
  });

  it('navigate puts the path and parameters in the hash and tells the listeners', async () => {
    const { navigate, currentRoute, onRouteChange } = await routerAt('#/connections');
    const listener = vi.fn();
    onRouteChange(listener);
    navigate('/mapping', { connection: 'c1' });
    expect(win.location.hash).toBe('#/mapping?connection=c1');
    expect(currentRoute().path).toBe('/mapping');
    expect(currentRoute().params.get('connection')).toBe('c1');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a listener that stopped listening hears nothing more', async () => {
    const { navigate, onRouteChange } = await routerAt('#/connections');
    const listener = vi.fn();
    const off = onRouteChange(listener);
    off();
    navigate('/jobs');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('navigation guard', () => {
  it('holds a navigation: the route stays, the hash is put back and nobody is told', async () => {
    const { navigate, currentRoute, onRouteChange, setNavigationGuard } =
      await routerAt('#/mapping?connection=c1');
    const guard = vi.fn(() => true);
    setNavigationGuard(guard);
    const listener = vi.fn();
    onRouteChange(listener);
    navigate('/jobs');
    expect(guard).toHaveBeenCalledWith('#/jobs', expect.any(Function));
    expect(currentRoute().path).toBe('/mapping');
    expect(win.location.hash).toBe('#/mapping?connection=c1');
    expect(listener).not.toHaveBeenCalled();
  });

  it('completes the held navigation once the admin decides to leave', async () => {
    const { navigate, currentRoute, setNavigationGuard } = await routerAt('#/mapping');
    let proceed: (() => void) | undefined;
    const guard = vi.fn((_to: string, go: () => void) => {
      proceed = go;
      return true;
    });
    setNavigationGuard(guard);
    navigate('/jobs');
    proceed?.();
    expect(currentRoute().path).toBe('/jobs');
    expect(win.location.hash).toBe('#/jobs');
    expect(guard).toHaveBeenCalledTimes(1);
  });

  it('lets a navigation through when the guard does not hold it', async () => {
    const { navigate, currentRoute, setNavigationGuard } = await routerAt('#/mapping');
    setNavigationGuard(() => false);
    navigate('/jobs');
    expect(currentRoute().path).toBe('/jobs');
  });

  it('stops guarding once the page removes its guard', async () => {
    const { navigate, currentRoute, setNavigationGuard } = await routerAt('#/mapping');
    const remove = setNavigationGuard(() => true);
    remove();
    navigate('/jobs');
    expect(currentRoute().path).toBe('/jobs');
  });

  it('asks to stay when the window closes with a guard, and not without one', async () => {
    const { setNavigationGuard } = await routerAt('#/mapping');
    const closing = () => {
      const event = new Event('beforeunload', { cancelable: true });
      win.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(closing()).toBe(false);
    const remove = setNavigationGuard(() => true);
    expect(closing()).toBe(true);
    remove();
    expect(closing()).toBe(false);
  });
});
