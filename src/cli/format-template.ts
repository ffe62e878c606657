/**
 * The `--format` template: `{name}` tokens, `{{` and `}}` for literal braces,
 * `\n`, `\t` and `\\` escapes. A template is compiled once, by a single
 * left-to-right scan, into literal and token parts; rendering only joins
 * them. Substituted values are never scanned again, so a value (or a token
 * that is a prefix of another, like `{lat}` and `{latitude}`) cannot change
 * what another token becomes. Unknown tokens are found at compile time,
 * before any location request.
 */
import type { Place } from '../backends/contract.js';
import type { Location } from '../types.js';
import { formatAddress, isoLocal } from './text.js';

/** What a token is rendered from. */
export interface TokenContext {
  fix: Location;
  /** The reverse-geocoded place, when one was asked for and found. */
  place: Place | undefined;
  /** Milliseconds since the epoch, for `{age}`. */
  now: number;
}

type Getter = (context: TokenContext) => string | number | undefined;

interface TokenSpec {
  get: Getter;
  help: string;
  /** True for tokens that need a reverse-geocoded address. */
  address?: boolean;
}

const num = (key: keyof Location): Getter => ({ fix }) => fix[key] as number | undefined;
const place = (key: keyof Place): Getter => ({ place: p }) => p?.[key];

/** Every token, in the order the help and README list them. */
export const TOKENS: Readonly<Record<string, TokenSpec>> = Object.freeze({
  latitude: { get: num('latitude'), help: 'latitude in decimal degrees (WGS 84)' },
  lat: { get: num('latitude'), help: 'same as {latitude}' },
  longitude: { get: num('longitude'), help: 'longitude in decimal degrees (WGS 84)' },
  lon: { get: num('longitude'), help: 'same as {longitude}' },
  lng: { get: num('longitude'), help: 'same as {longitude}' },
  accuracy: { get: num('accuracy'), help: 'horizontal accuracy radius in metres' },
  altitude: { get: num('altitude'), help: 'metres above mean sea level' },
  altitudeAccuracy: { get: num('altitudeAccuracy'), help: 'vertical accuracy in metres' },
  ellipsoidalAltitude: { get: num('ellipsoidalAltitude'), help: 'metres above the WGS 84 ellipsoid' },
  speed: { get: num('speed'), help: 'speed in metres per second' },
  speedAccuracy: { get: num('speedAccuracy'), help: 'speed accuracy in metres per second' },
  course: { get: num('course'), help: 'course in degrees clockwise from true north' },
  courseAccuracy: { get: num('courseAccuracy'), help: 'course accuracy in degrees' },
  floor: { get: num('floor'), help: 'floor of the building' },
  time: { get: ({ fix }) => new Date(fix.timestamp).toISOString(), help: 'time of the fix, ISO 8601 in UTC' },
  localtime: { get: ({ fix }) => isoLocal(fix.timestamp), help: 'time of the fix, ISO 8601 with the local offset' },
  timestamp: { get: num('timestamp'), help: 'time of the fix in milliseconds since the Unix epoch' },
  age: {
    get: ({ fix, now }) => Math.max(0, Math.round((now - fix.timestamp) / 100) / 10),
    help: 'age of the fix in seconds, to 0.1 s',
  },
  provider: { get: ({ fix }) => fix.provider, help: 'corelocation, geoclue, simulated or scripted' },
  address: { get: ({ place: p }) => (p ? formatAddress(p) : undefined), help: 'the whole address on one line', address: true },
  name: { get: place('name'), help: 'name of the place (often the street address)', address: true },
  street: { get: place('street'), help: 'street', address: true },
  streetNumber: { get: place('streetNumber'), help: 'house number', address: true },
  district: { get: place('district'), help: 'district or neighbourhood', address: true },
  city: { get: place('city'), help: 'city', address: true },
  postalCode: { get: place('postalCode'), help: 'postal code', address: true },
  region: { get: place('region'), help: 'state, province or region', address: true },
  country: { get: place('country'), help: 'country name', address: true },
  isoCountryCode: { get: place('isoCountryCode'), help: 'ISO 3166-1 alpha-2 country code', address: true },
  timeZone: { get: place('timeZone'), help: 'IANA time zone of the place', address: true },
});

export type TemplatePart = { literal: string } | { token: string };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when a token needs the reverse-geocoded address. */
  readonly needsAddress: boolean;
}

/** A template that cannot be compiled; `message` says where and why. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

// One alternation, tried at each position in order: escapes first, then a
// whole token, then a lone brace (an error). Everything else is literal.
const SCANNER = /\{\{|\}\}|\\[nt\\]|\{([^{}]*)\}|[{}]/g;
const ESCAPES: Readonly<Record<string, string>> = { '{{': '{', '}}': '}', '\\n': '\n', '\\t': '\t', '\\\\': '\\' };

/**
 * Compiles a template in one pass.
 * @throws TemplateError for an unknown token, an empty `{}` or a lone brace.
 */
export function compileTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  let literal = '';
  let last = 0;
  let needsAddress = false;
  for (const match of source.matchAll(SCANNER)) {
    const [text, name] = match;
    const at = match.index;
    literal += source.slice(last, at);
    last = at + text.length;
    const escaped = ESCAPES[text];
    if (escaped !== undefined) {
      literal += escaped;
      continue;
    }
    if (name === undefined) {
      throw new TemplateError(
        `--format: unmatched "${text}" at position ${at + 1}; write "${text}${text}" for a literal brace`,
      );
    }
    const spec = Object.hasOwn(TOKENS, name) ? TOKENS[name] : undefined;
    if (!spec) {
      const what = name === '' ? 'empty token "{}"' : `unknown token "{${name}}"`;
      throw new TemplateError(`--format: ${what} at position ${at + 1} (see whereami --help for the tokens)`);
    }
    if (literal !== '') parts.push({ literal });
    literal = '';
    parts.push({ token: name });
    needsAddress ||= spec.address === true;
  }
  literal += source.slice(last);
  if (literal !== '') parts.push({ literal });
  return { source, parts, needsAddress };
}

/** Renders a compiled template. Values the fix or place lacks render as the empty string. */
export function renderTemplate(template: Template, context: TokenContext): string {
  let out = '';
  for (const part of template.parts) {
    if ('literal' in part) {
      out += part.literal;
    } else {
      const value = TOKENS[part.token]?.get(context);
      out += value === undefined ? '' : String(value);
    }
  }
  return out;
}
