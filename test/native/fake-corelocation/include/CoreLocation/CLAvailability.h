// CoreLocation test double: CLAvailability.h.
//
// Declarations checked against Apple's public SDK headers (phracker/MacOSX-SDKs,
// MacOSX12.1.sdk and MacOSX11.3.sdk, CoreLocation.framework/Headers). Only
// what those headers declare appears in the double's CoreLocation headers;
// the scripting controls live in FakeCoreLocationControl.h.
//
// GNUstep has no Apple availability macros. The annotations are kept in the
// double's headers so they read like Apple's, and expand to nothing here:
// clang on Linux evaluates @available as true, and the darwin code routes its
// @available checks through objc_compat.h so the double can pretend to be an
// older macOS.
#ifndef WHEREAMI_FAKE_CL_AVAILABILITY_H_
#define WHEREAMI_FAKE_CL_AVAILABILITY_H_

#import <Foundation/Foundation.h>

// Apple's SDK defines these spellings in <sys/cdefs.h>; glibc does not.
#ifndef __nullable
#define __nullable _Nullable
#endif
#ifndef __nonnull
#define __nonnull _Nonnull
#endif

#ifndef API_AVAILABLE
#define API_AVAILABLE(...)
#endif
#ifndef API_UNAVAILABLE
#define API_UNAVAILABLE(...)
#endif
#ifndef API_DEPRECATED
#define API_DEPRECATED(...)
#endif
#ifndef API_DEPRECATED_WITH_REPLACEMENT
#define API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef NS_AVAILABLE
#define NS_AVAILABLE(...)
#endif

#ifndef NS_ASSUME_NONNULL_BEGIN
#define NS_ASSUME_NONNULL_BEGIN
#define NS_ASSUME_NONNULL_END
#endif

#ifdef __cplusplus
#define CL_EXTERN extern "C" __attribute__((visibility("default")))
#else
#define CL_EXTERN extern __attribute__((visibility("default")))
#endif

#endif  // WHEREAMI_FAKE_CL_AVAILABILITY_H_
