// CoreLocation test double: CLErrorDomain.h.
// Checked against MacOSX12.1.sdk CoreLocation.framework/Headers/CLErrorDomain.h
// (phracker/MacOSX-SDKs): one NSString constant.
#ifndef WHEREAMI_FAKE_CL_ERROR_DOMAIN_H_
#define WHEREAMI_FAKE_CL_ERROR_DOMAIN_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>

CL_EXTERN NSString* const kCLErrorDomain;

#endif  // WHEREAMI_FAKE_CL_ERROR_DOMAIN_H_
