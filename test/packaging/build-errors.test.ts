/**
 * The install script's reading of a failed build: the first line that names
 * the cause, never node-gyp's closing "gyp ERR! not ok", and what to install.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the install, without types
import { firstErrorLine, whatToInstall } from '../../scripts/native/build-errors.mjs';

const first = firstErrorLine as (output: string) => string | undefined;
const advice = whatToInstall as (cause: string, platform: NodeJS.Platform) => string;

const GYP_MISSING_INCLUDE = `gyp info it worked if it ends with ok
gyp info using node-gyp@12.4.0
gyp: /tmp/x/node_modules/node-whereami/test/native/double.gypi not found (cwd: /tmp/x/node_modules/node-whereami) while reading includes of binding.gyp while trying to load binding.gyp
gyp ERR! configure error
gyp ERR! stack Error: \`gyp\` failed with exit code: 1
gyp ERR! not ok`;

const COMPILER_ERROR = `  CXX(target) Release/obj.target/whereami/native/linux/gc_bus.o
../native/linux/gc_bus.cc:3:10: fatal error: gio/gio.h: No such file or directory
    3 | #include <gio/gio.h>
make: *** [whereami.target.mk:120: Release/obj.target/whereami/native/linux/gc_bus.o] Error 1
gyp ERR! build error
gyp ERR! stack Error: \`make\` failed with exit code: 2
gyp ERR! not ok`;

const NO_COMPILER = `  CXX(target) Release/obj.target/whereami/native/addon/addon.o
/bin/sh: 1: g++: not found
make: *** [whereami.target.mk:120: Release/obj.target/whereami/native/addon/addon.o] Error 127
gyp ERR! build error
gyp ERR! stack Error: \`make\` failed with exit code: 2
gyp ERR! not ok`;

const NO_MAKE = `gyp info spawn make
gyp ERR! build error
gyp ERR! stack Error: not found: make
gyp ERR! not ok`;

describe('install: why a build failed', () => {
  it('names gyp\'s own error, such as a missing include', () => {
    expect(first(GYP_MISSING_INCLUDE)).toMatch(/^gyp: .*double\.gypi not found/);
  });

  it('names the compiler\'s first error, and advises the GLib headers', () => {
    const cause = first(COMPILER_ERROR);
    expect(cause).toMatch(/fatal error: gio\/gio\.h: No such file or directory/);
    expect(advice(cause ?? '', 'linux')).toMatch(/libglib2\.0-dev/);
  });

  it('names a missing compiler, and advises one', () => {
    const cause = first(NO_COMPILER);
    expect(cause).toBe('/bin/sh: 1: g++: not found');
    expect(advice(cause ?? '', 'linux')).toMatch(/apt install g\+\+/);
  });

  it('names a missing make, and advises it', () => {
    const cause = first(NO_MAKE);
    expect(cause).toBe('gyp ERR! stack Error: not found: make');
    expect(advice(cause ?? '', 'linux')).toMatch(/apt install make/);
  });

  it('never answers with the closing "gyp ERR! not ok"', () => {
    expect(first('gyp ERR! not ok\n')).toBeUndefined();
  });

  it('on macOS advises Xcode\'s command-line tools', () => {
    expect(advice('clang: error: no such file', 'darwin')).toMatch(/xcode-select --install/);
  });
});
