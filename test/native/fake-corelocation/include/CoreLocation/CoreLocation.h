// CoreLocation test double: the umbrella header, like Apple's
// <CoreLocation/CoreLocation.h>, limited to the headers the double provides.
// See CLAvailability.h for where every declaration was checked.
#ifndef WHEREAMI_FAKE_CORELOCATION_H_
#define WHEREAMI_FAKE_CORELOCATION_H_

#import <CoreLocation/CLAvailability.h>
#import <CoreLocation/CLError.h>
#import <CoreLocation/CLErrorDomain.h>
#import <CoreLocation/CLGeocoder.h>
#import <CoreLocation/CLLocation.h>
#import <CoreLocation/CLLocationManager.h>
#import <CoreLocation/CLLocationManagerDelegate.h>
#import <CoreLocation/CLPlacemark.h>

#endif  // WHEREAMI_FAKE_CORELOCATION_H_
