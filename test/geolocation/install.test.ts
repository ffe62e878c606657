/**
 * install(): navigator.geolocation for browser code, opt-in, and never at the
 * expense of a navigator (or a geolocation) that is already there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { geolocation, install } from '../../src/geolocation/index.js';

type Holder = { navigator?: unknown };
const holder = globalThis as Holder;
let saved: PropertyDescriptor | undefined;

beforeEach(() => {
  saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Reflect.deleteProperty(globalThis, 'navigator');
});

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'navigator');
  if (saved) Object.defineProperty(globalThis, 'navigator', saved);
});

describe('install', () => {
  it('creates navigator with geolocation when there is none, and uninstall removes it', () => {
    const installation = install();
    expect(installation.installed).toBe(true);
    expect((holder.navigator as { geolocation: unknown }).geolocation).toBe(geolocation);
    installation.uninstall();
    expect('navigator' in globalThis).toBe(false);
  });

  it('keeps an existing navigator and its members, adding only geolocation', () => {
    const navigator = { userAgent: 'Node.js/20', language: 'en' };
    holder.navigator = navigator;
    const installation = install();
    expect(holder.navigator).toBe(navigator);
    expect(navigator).toMatchObject({ userAgent: 'Node.js/20', language: 'en', geolocation });
    installation.uninstall();
    expect(holder.navigator).toBe(navigator);
    expect('geolocation' in navigator).toBe(false);
  });

  it('works on a navigator whose members are prototype getters (as Node 21+ has)', () => {
    class Navigator {
      get userAgent(): string {
        return 'x';
      }
    }
    const navigator = new Navigator();
    Object.defineProperty(globalThis, 'navigator', { get: () => navigator, configurable: true });
    install();
    expect((navigator as unknown as { geolocation: unknown }).geolocation).toBe(geolocation);
  });

  it('leaves an existing geolocation alone unless told to replace it', () => {
    const theirs = { getCurrentPosition: () => undefined };
    const navigator = { geolocation: theirs };
    holder.navigator = navigator;
    const polite = install();
    expect(polite.installed).toBe(false);
    expect(navigator.geolocation).toBe(theirs);
    polite.uninstall();
    expect(navigator.geolocation).toBe(theirs);

    const forced = install({ replace: true });
    expect(forced.installed).toBe(true);
    expect(navigator.geolocation).toBe(geolocation);
    forced.uninstall();
    expect(navigator.geolocation).toBe(theirs);
  });

  it('is idempotent: a second install reports installed and changes nothing', () => {
    const first = install();
    const navigator = holder.navigator;
    const second = install();
    expect(second.installed).toBe(true);
    expect(holder.navigator).toBe(navigator);
    second.uninstall();
    expect((holder.navigator as { geolocation: unknown }).geolocation).toBe(geolocation);
    first.uninstall();
    expect('navigator' in globalThis).toBe(false);
  });

  it('uninstall does not undo what someone else installed since', () => {
    const navigator = {} as { geolocation?: unknown };
    holder.navigator = navigator;
    const installation = install();
    const later = { mine: true };
    // Read-only, as a browser's navigator.geolocation is; others must define it over ours.
    expect(() => {
      navigator.geolocation = later;
    }).toThrow(TypeError);
    Object.defineProperty(navigator, 'geolocation', { value: later });
    installation.uninstall();
    expect(navigator.geolocation).toBe(later);
  });

  it('throws TypeError when navigator is not an object, or the navigator is frozen', () => {
    holder.navigator = 'navigator';
    expect(() => install()).toThrow(/globalThis.navigator is string/);
    holder.navigator = Object.freeze({});
    expect(() => install()).toThrow(TypeError);
  });

  it('throws TypeError for options that are not an object', () => {
    expect(() => install(null as never)).toThrow(/options must be an object/);
    expect(() => install('yes' as never)).toThrow(TypeError);
  });
});
