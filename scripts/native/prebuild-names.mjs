// The names prebuildify gives this package's prebuilds, in one place for
// prebuild.mjs, release.yml's checks and their test.
//
// prebuildify 6 names an N-API build after the package, then its tags: with
// --napi no ABI tag (and no "napi" tag either), with --tag-libc the libc on
// Linux. So node-whereami.glibc.node on Linux and node-whereami.node on macOS,
// not the node.napi.* of older prebuildify. node-gyp-build reads no runtime
// tag from that name, so the one file matches in Node and in Electron alike.

/** prebuilds/<folder>: darwin-x64+arm64 holds the universal build. */
export function prebuildFolder(platform, arch) {
  return platform === 'darwin' ? 'darwin-x64+arm64' : `${platform}-${arch}`;
}

/** The addon's file name in that folder. */
export function addonFileName(packageName, platform, libc = 'glibc') {
  return platform === 'linux' ? `${packageName}.${libc}.node` : `${packageName}.node`;
}
