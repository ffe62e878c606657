// CoreLocation test double: the value classes and constants of CLLocation.h.
// Apple does not document the constants' values; the double uses the values
// macOS is commonly seen to have (Best -1, BestForNavigation -2,
// DistanceFilterNone -1) and 3000 for Reduced. The bridge never depends on
// them beyond passing them back to the manager.
#import "fake_system.h"

#include <math.h>

@interface CLLocation (WHRFakeFactory)
- (instancetype)whr_initWithFix:(const FakeCLFix*)fix takenAt:(double)takenAt reduced:(BOOL)reduced;
@end

NSString* const kCLErrorDomain = @"kCLErrorDomain";

const CLLocationDistance kCLDistanceFilterNone = -1;
const CLLocationAccuracy kCLLocationAccuracyBestForNavigation = -2;
const CLLocationAccuracy kCLLocationAccuracyBest = -1;
const CLLocationAccuracy kCLLocationAccuracyNearestTenMeters = 10;
const CLLocationAccuracy kCLLocationAccuracyHundredMeters = 100;
const CLLocationAccuracy kCLLocationAccuracyKilometer = 1000;
const CLLocationAccuracy kCLLocationAccuracyThreeKilometers = 3000;
const CLLocationAccuracy kCLLocationAccuracyReduced = 3000;
const CLLocationCoordinate2D kCLLocationCoordinate2DInvalid = {-180, -180};

BOOL CLLocationCoordinate2DIsValid(CLLocationCoordinate2D coord) {
  return coord.latitude >= -90 && coord.latitude <= 90 && coord.longitude >= -180 && coord.longitude <= 180;
}

CLLocationCoordinate2D CLLocationCoordinate2DMake(CLLocationDegrees latitude, CLLocationDegrees longitude) {
  CLLocationCoordinate2D coord = {latitude, longitude};
  return coord;
}

@implementation CLFloor
- (NSInteger)level {
  return 0;
}
- (id)copyWithZone:(NSZone*)zone {
  return [self retain];
}
+ (BOOL)supportsSecureCoding {
  return YES;
}
- (void)encodeWithCoder:(NSCoder*)coder {
}
- (id)initWithCoder:(NSCoder*)coder {
  return [self init];
}
@end

// Apple's CLFloor has no public initializer; the double keeps the level in a
// subclass private to this file.
@interface WHRFakeFloor : CLFloor {
  NSInteger _whrLevel;
}
- (instancetype)initWithLevel:(NSInteger)level;
@end

@implementation WHRFakeFloor
- (instancetype)initWithLevel:(NSInteger)level {
  if ((self = [super init])) _whrLevel = level;
  return self;
}
- (NSInteger)level {
  return _whrLevel;
}
@end

// The two flags live in an object held by a static map keyed by instance:
// Apple's header declares no ivars for this class, and the double adds none.
@implementation CLLocationSourceInformation
static NSMapTable* g_sourceFlags = nil;
- (instancetype)initWithSoftwareSimulationState:(BOOL)isSoftware andExternalAccessoryState:(BOOL)isAccessory {
  if ((self = [super init])) {
    @synchronized([CLLocationSourceInformation class]) {
      if (g_sourceFlags == nil) {
        g_sourceFlags =
            [[NSMapTable alloc] initWithKeyOptions:NSPointerFunctionsOpaqueMemory | NSPointerFunctionsOpaquePersonality
                                      valueOptions:NSPointerFunctionsOpaqueMemory | NSPointerFunctionsIntegerPersonality
                                          capacity:16];
      }
      NSMapInsert(g_sourceFlags, self, (void*)(intptr_t)((isSoftware ? 1 : 0) | (isAccessory ? 2 : 0) | 4));
    }
  }
  return self;
}
- (void)dealloc {
  @synchronized([CLLocationSourceInformation class]) {
    NSMapRemove(g_sourceFlags, self);
  }
  [super dealloc];
}
- (intptr_t)whr_flags {
  @synchronized([CLLocationSourceInformation class]) {
    return (intptr_t)NSMapGet(g_sourceFlags, self);
  }
}
- (BOOL)isSimulatedBySoftware {
  return ([self whr_flags] & 1) != 0;
}
- (BOOL)isProducedByAccessory {
  return ([self whr_flags] & 2) != 0;
}
- (id)copyWithZone:(NSZone*)zone {
  return [self retain];
}
+ (BOOL)supportsSecureCoding {
  return YES;
}
- (void)encodeWithCoder:(NSCoder*)coder {
}
- (id)initWithCoder:(NSCoder*)coder {
  return [self initWithSoftwareSimulationState:NO andExternalAccessoryState:NO];
}
@end

// What CLLocation's `_internal` holds.
@interface WHRFakeLocationData : NSObject {
 @public
  CLLocationCoordinate2D coordinate;
  double altitude, ellipsoidalAltitude, horizontalAccuracy, verticalAccuracy;
  double course, courseAccuracy, speed, speedAccuracy;
  NSDate* timestamp;
  CLFloor* floor;
  CLLocationSourceInformation* source;
}
@end

@implementation WHRFakeLocationData
- (void)dealloc {
  [timestamp release];
  [floor release];
  [source release];
  [super dealloc];
}
@end

#define DATA ((WHRFakeLocationData*)_internal)

@implementation CLLocation

- (instancetype)initWithLatitude:(CLLocationDegrees)latitude longitude:(CLLocationDegrees)longitude {
  return [self initWithCoordinate:CLLocationCoordinate2DMake(latitude, longitude)
                         altitude:0
               horizontalAccuracy:0
                 verticalAccuracy:-1
                        timestamp:[NSDate date]];
}

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                         timestamp:(NSDate*)timestamp {
  return [self initWithCoordinate:coordinate
                         altitude:altitude
               horizontalAccuracy:hAccuracy
                 verticalAccuracy:vAccuracy
                           course:-1
                            speed:-1
                        timestamp:timestamp];
}

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                             speed:(CLLocationSpeed)speed
                         timestamp:(NSDate*)timestamp {
  return [self initWithCoordinate:coordinate
                         altitude:altitude
               horizontalAccuracy:hAccuracy
                 verticalAccuracy:vAccuracy
                           course:course
                   courseAccuracy:-1
                            speed:speed
                    speedAccuracy:-1
                        timestamp:timestamp];
}

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                    courseAccuracy:(CLLocationDirectionAccuracy)courseAccuracy
                             speed:(CLLocationSpeed)speed
                     speedAccuracy:(CLLocationSpeedAccuracy)speedAccuracy
                         timestamp:(NSDate*)timestamp {
  return
      [self initWithCoordinate:coordinate
                      altitude:altitude
            horizontalAccuracy:hAccuracy
              verticalAccuracy:vAccuracy
                        course:course
                courseAccuracy:courseAccuracy
                         speed:speed
                 speedAccuracy:speedAccuracy
                     timestamp:timestamp
                    sourceInfo:[[[CLLocationSourceInformation alloc] initWithSoftwareSimulationState:NO
                                                                           andExternalAccessoryState:NO] autorelease]];
}

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                    courseAccuracy:(CLLocationDirectionAccuracy)courseAccuracy
                             speed:(CLLocationSpeed)speed
                     speedAccuracy:(CLLocationSpeedAccuracy)speedAccuracy
                         timestamp:(NSDate*)timestamp
                        sourceInfo:(CLLocationSourceInformation*)sourceInfo {
  if ((self = [super init])) {
    WHRFakeLocationData* d = [[WHRFakeLocationData alloc] init];
    d->coordinate = coordinate;
    d->altitude = altitude;
    d->ellipsoidalAltitude = altitude;
    d->horizontalAccuracy = hAccuracy;
    d->verticalAccuracy = vAccuracy;
    d->course = course;
    d->courseAccuracy = courseAccuracy;
    d->speed = speed;
    d->speedAccuracy = speedAccuracy;
    d->timestamp = [timestamp copy];
    d->source = [sourceInfo retain];
    _internal = d;
    FakeCLLockState()->counters.live_locations++;
    FakeCLUnlockState();
  }
  return self;
}

- (void)dealloc {
  [_internal release];
  FakeCLLockState()->counters.live_locations--;
  FakeCLUnlockState();
  [super dealloc];
}

- (CLLocationCoordinate2D)coordinate {
  return DATA->coordinate;
}
- (CLLocationDistance)altitude {
  return DATA->altitude;
}
- (CLLocationDistance)ellipsoidalAltitude {
  return DATA->ellipsoidalAltitude;
}
- (CLLocationAccuracy)horizontalAccuracy {
  return DATA->horizontalAccuracy;
}
- (CLLocationAccuracy)verticalAccuracy {
  return DATA->verticalAccuracy;
}
- (CLLocationDirection)course {
  return DATA->course;
}
- (CLLocationDirectionAccuracy)courseAccuracy {
  return DATA->courseAccuracy;
}
- (CLLocationSpeed)speed {
  return DATA->speed;
}
- (CLLocationSpeedAccuracy)speedAccuracy {
  return DATA->speedAccuracy;
}
- (NSDate*)timestamp {
  return DATA->timestamp;
}
- (CLFloor*)floor {
  return DATA->floor;
}
- (CLLocationSourceInformation*)sourceInformation {
  return DATA->source;
}

- (CLLocationDistance)distanceFromLocation:(const CLLocation*)location {
  const double kEarthRadius = 6371008.8;
  double lat1 = DATA->coordinate.latitude * M_PI / 180, lat2 = location.coordinate.latitude * M_PI / 180;
  double dlat = lat2 - lat1;
  double dlon = (location.coordinate.longitude - DATA->coordinate.longitude) * M_PI / 180;
  double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1) * cos(lat2) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * kEarthRadius * atan2(sqrt(a), sqrt(1 - a));
}

- (id)copyWithZone:(NSZone*)zone {
  return [self retain];  // immutable
}
+ (BOOL)supportsSecureCoding {
  return YES;
}
- (void)encodeWithCoder:(NSCoder*)coder {
}
- (id)initWithCoder:(NSCoder*)coder {
  return [self initWithLatitude:0 longitude:0];
}

// The double's factory: the fields of a scripted fix, with the extras only a
// system-made CLLocation has (floor, ellipsoidal altitude).
- (instancetype)whr_initWithFix:(const FakeCLFix*)fix takenAt:(double)takenAt reduced:(BOOL)reduced {
  CLLocationCoordinate2D coordinate = CLLocationCoordinate2DMake(fix->latitude, fix->longitude);
  double accuracy = fix->horizontal_accuracy;
  if (reduced) {
    // Reduced accuracy snaps to a nearby point and reports kilometres.
    coordinate.latitude = round(coordinate.latitude * 20) / 20;
    coordinate.longitude = round(coordinate.longitude * 20) / 20;
    if (accuracy < 5000) accuracy = 5000;
  }
  CLLocationSourceInformation* source =
      [[[CLLocationSourceInformation alloc] initWithSoftwareSimulationState:fix->simulated != 0
                                                  andExternalAccessoryState:NO] autorelease];
  self = [self initWithCoordinate:coordinate
                         altitude:fix->altitude
               horizontalAccuracy:accuracy
                 verticalAccuracy:fix->vertical_accuracy
                           course:fix->course
                   courseAccuracy:fix->course_accuracy
                            speed:fix->speed
                    speedAccuracy:fix->speed_accuracy
                        timestamp:[NSDate dateWithTimeIntervalSince1970:takenAt]
                       sourceInfo:source];
  if (self) {
    DATA->ellipsoidalAltitude = fix->ellipsoidal_altitude;
    if (fix->has_floor) DATA->floor = [[WHRFakeFloor alloc] initWithLevel:fix->floor];
  }
  return self;
}

@end

CLLocation* FakeCLNewLocation(const FakeCLFix* fix, double taken_at, BOOL reduced) {
  return [[CLLocation alloc] whr_initWithFix:fix takenAt:taken_at reduced:reduced];
}
