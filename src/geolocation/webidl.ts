/**
 * WebIDL's shape for the facade's classes. A class getter or method is a
 * non-enumerable property of the prototype, but WebIDL makes attributes and
 * operations enumerable accessors and methods of the interface prototype
 * object, and @@toStringTag a plain read-only value. Code that enumerates a
 * position (`for...in`, a logger walking the prototype chain) sees here what
 * it sees in a browser.
 */
export function exposeAsInterface(constructor: { prototype: object }, name: string, members: readonly string[]): void {
  const prototype = constructor.prototype;
  for (const member of members) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, member);
    if (!descriptor) throw new TypeError(`${name}.prototype has no ${member}`);
    Object.defineProperty(prototype, member, { ...descriptor, enumerable: true, configurable: true });
  }
  Object.defineProperty(prototype, Symbol.toStringTag, {
    value: name,
    writable: false,
    enumerable: false,
    configurable: true,
  });
}
