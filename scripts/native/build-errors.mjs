// Reading a failed node-gyp build: the first line that says what went wrong
// (a gyp error, a compiler error, a missing tool), not node-gyp's closing
// "gyp ERR! not ok", and what to install about it.

/** Patterns for the line that names the cause, most telling first. */
const CAUSES = [
  /^gyp: .*/m,
  /^.*\berror: .*/m,
  /^.*: (not found|No such file or directory)$/m,
  /^.*command not found.*/m,
  /^gyp ERR! find Python.*(not found|could not find|no Python).*$/im,
  /^gyp ERR! stack Error: (?!`make` failed|`gmake` failed).*/m,
  /^gyp ERR! (?!not ok|cwd|node -v|node-gyp -v|command|System|stack +at).*/m,
];

/** The first line of `output` that says why the build failed, or undefined. */
export function firstErrorLine(output) {
  for (const pattern of CAUSES) {
    const match = output.match(pattern);
    if (match) return match[0].trim();
  }
  return undefined;
}

/** What a person can install or do, given the cause line and the platform. */
export function whatToInstall(cause, platform) {
  if (platform === 'darwin') return 'Install Xcode\'s command-line tools (xcode-select --install), then npm rebuild node-whereami.';
  if (/python/i.test(cause)) return 'Install Python 3 (apt install python3), then npm rebuild node-whereami.';
  if (/\bmake\b/.test(cause)) return 'Install make (apt install make), then npm rebuild node-whereami.';
  if (/glib|gio|\.h: No such file|\.h' file not found/i.test(cause)) {
    return 'Install the GLib headers (apt install pkg-config libglib2.0-dev), then npm rebuild node-whereami.';
  }
  if (/\b(c\+\+|g\+\+|cc|gcc|clang\+*)\b:? (not found|No such file)|compiler/i.test(cause)) {
    return 'Install a C++ compiler (apt install g++), then npm rebuild node-whereami.';
  }
  return 'Building needs a C++ compiler, make, python3, pkg-config and libglib2.0-dev (apt install g++ make python3 pkg-config libglib2.0-dev), then npm rebuild node-whereami.';
}
