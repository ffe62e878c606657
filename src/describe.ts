/**
 * How an error message names a value it refused: short, never the value's
 * own text when that could be long or hostile (objects, functions), and
 * never a throw (symbols, BigInts, objects whose toString throws).
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // Only numbers, booleans and undefined are left here.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value);
}
