// Lets one Objective-C++ source build two ways: ARC with Apple's clang against
// the real CoreLocation, and manual retain/release with clang
// -fobjc-runtime=gcc on GNUstep against the CoreLocation test double
// (test/native/fake-corelocation). Rules for code that includes this file:
// ivars in @interface, explicit accessors, no GCD, no object subscripting, no
// blocks handed to Foundation (blocks go only to CLGeocoder, which the double
// implements itself).
#ifndef WHEREAMI_DARWIN_OBJC_COMPAT_H_
#define WHEREAMI_DARWIN_OBJC_COMPAT_H_

#import <Foundation/Foundation.h>

#include "../provider.h"

// Objective-C class names are one namespace per process. Two copies of this
// code in one process (nested package versions, an Electron app and a
// dependency) would make the runtime warn "implemented in both" and send one
// copy's messages to the other's objects. So every class here is named per
// build: WHRv<ABI version>_<package version>_<name>. The build systems pass
// the package version as WHEREAMI_OBJC_TAG (binding.gyp, CMakeLists.txt).
#ifndef WHEREAMI_OBJC_TAG
#define WHEREAMI_OBJC_TAG local
#endif
#define WHR_OBJC_PASTE(abi, tag, name) WHRv##abi##_##tag##_##name
#define WHR_OBJC_EXPAND(abi, tag, name) WHR_OBJC_PASTE(abi, tag, name)
#define WHR_OBJC_NAME(name) WHR_OBJC_EXPAND(WHEREAMI_ABI_VERSION, WHEREAMI_OBJC_TAG, name)
#define WHRLocationDelegate WHR_OBJC_NAME(LocationDelegate)
#define WHRRunLoopPump WHR_OBJC_NAME(RunLoopPump)
#define WHRDeferredTask WHR_OBJC_NAME(DeferredTask)
#define WHRMainLoopProbe WHR_OBJC_NAME(MainLoopProbe)
#define WHRStdinPump WHR_OBJC_NAME(StdinPump)
#define WHRCocoaThreadingSwitch WHR_OBJC_NAME(CocoaThreadingSwitch)

#if __has_feature(objc_arc)
#define WHR_RETAIN(x) (x)
#define WHR_RELEASE(x) ((void)0)
#define WHR_AUTORELEASE(x) (x)
#else
#define WHR_RETAIN(x) [(x) retain]
#define WHR_RELEASE(x) [(x) release]
#define WHR_AUTORELEASE(x) [(x) autorelease]
#endif

// @available, routed through the double on Linux so its tests can play an
// older macOS. On macOS these are the compiler's own checks, which
// -Werror=unguarded-availability-new enforces.
#ifdef WHEREAMI_TEST_DOUBLE
#include "FakeCoreLocationControl.h"
#define WHR_AVAILABLE_MACOS_10_15_4 FakeCLOSVersionAtLeast(10, 15, 4)
#define WHR_AVAILABLE_MACOS_11 FakeCLOSVersionAtLeast(11, 0, 0)
#define WHR_AVAILABLE_MACOS_12 FakeCLOSVersionAtLeast(12, 0, 0)
#else
#define WHR_AVAILABLE_MACOS_10_15_4 @available(macOS 10.15.4, *)
#define WHR_AVAILABLE_MACOS_11 @available(macOS 11.0, *)
#define WHR_AVAILABLE_MACOS_12 @available(macOS 12.0, *)
#endif

namespace whereami::darwin {

// GNUstep wants every thread that sends Objective-C messages registered;
// Apple's runtime needs nothing. Idempotent.
void EnsureObjcThread();
// Undoes EnsureObjcThread for a thread about to end (a worker's JS thread).
void ReleaseObjcThread();

}  // namespace whereami::darwin

#endif  // WHEREAMI_DARWIN_OBJC_COMPAT_H_
