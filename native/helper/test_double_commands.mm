#ifdef WHEREAMI_TEST_DOUBLE

#include "test_double_commands.h"

#import <Foundation/Foundation.h>

#include "FakeCoreLocationControl.h"
#include "json_writer.h"

namespace whereami::helper {

namespace {

double Num(NSDictionary* object, NSString* key, double fallback) {
  id value = [object objectForKey:key];
  return [value isKindOfClass:[NSNumber class]] ? [(NSNumber*)value doubleValue] : fallback;
}

FakeCLFix FixFrom(NSDictionary* o) {
  FakeCLFix fix = {};
  fix.latitude = Num(o, @"latitude", 0);
  fix.longitude = Num(o, @"longitude", 0);
  fix.altitude = Num(o, @"altitude", 0);
  fix.horizontal_accuracy = Num(o, @"horizontalAccuracy", 65);
  fix.vertical_accuracy = Num(o, @"verticalAccuracy", -1);
  fix.course = Num(o, @"course", -1);
  fix.course_accuracy = Num(o, @"courseAccuracy", -1);
  fix.speed = Num(o, @"speed", -1);
  fix.speed_accuracy = Num(o, @"speedAccuracy", -1);
  fix.ellipsoidal_altitude = Num(o, @"ellipsoidalAltitude", 0);
  fix.has_floor = [o objectForKey:@"floor"] != nil ? 1 : 0;
  fix.floor = static_cast<long>(Num(o, @"floor", 0));
  fix.simulated = Num(o, @"simulated", 0) != 0 ? 1 : 0;
  fix.age_seconds = Num(o, @"ageSeconds", 0);
  return fix;
}

std::string CountersJson() {
  FakeCLCounters c = {};
  FakeCLGetCounters(&c);
  std::string out = "{\"requestLocation\":" + NumberJson(c.request_location_calls);
  out += ",\"startUpdating\":" + NumberJson(c.start_updating_calls);
  out += ",\"stopUpdating\":" + NumberJson(c.stop_updating_calls);
  out += ",\"authorizationRequests\":" + NumberJson(c.authorization_requests);
  out += ",\"liveManagers\":" + NumberJson(c.live_managers);
  out += ",\"geocodes\":" + NumberJson(c.geocode_calls);
  out += ",\"maxConcurrentGeocodes\":" + NumberJson(c.max_concurrent_geocodes);
  return out + "}";
}

// The double copies the places' texts, so the NSStrings' buffers may go.
void SetPlaces(NSArray* list) {
  FakeCLPlace places[8] = {};
  size_t count = 0;
  for (id item in list) {
    if (count == 8 || ![item isKindOfClass:[NSDictionary class]]) break;
    NSDictionary* o = (NSDictionary*)item;
    FakeCLPlace& place = places[count++];
    place.latitude = Num(o, @"latitude", 0);
    place.longitude = Num(o, @"longitude", 0);
    NSString* keys[] = {@"name",   @"street",     @"streetNumber", @"city",           @"district",
                        @"region", @"postalCode", @"country",      @"isoCountryCode", @"timeZone"};
    const char** fields[] = {&place.name,        &place.thoroughfare, &place.sub_thoroughfare,
                             &place.locality,    &place.sub_locality, &place.administrative_area,
                             &place.postal_code, &place.country,      &place.iso_country_code,
                             &place.time_zone};
    for (size_t k = 0; k < 10; ++k) {
      id value = [o objectForKey:keys[k]];
      *fields[k] = [value isKindOfClass:[NSString class]] ? [(NSString*)value UTF8String] : nullptr;
    }
  }
  FakeCLSetPlaces(places, count);
}

}  // namespace

bool RunTestDoubleCommand(const std::string& line, std::string* result_json, std::string* problem) {
  @autoreleasepool {
    NSData* data = [NSData dataWithBytes:line.data() length:line.size()];
    id parsed = [NSJSONSerialization JSONObjectWithData:data options:0 error:NULL];
    NSDictionary* params = [parsed isKindOfClass:[NSDictionary class]] ? [parsed objectForKey:@"params"] : nil;
    NSString* op = [params isKindOfClass:[NSDictionary class]] ? [params objectForKey:@"op"] : nil;
    if (![op isKindOfClass:[NSString class]]) {
      *problem = "testDouble needs params.op";
      return false;
    }
    *result_json = "true";
    if ([op isEqualToString:@"reset"]) {
      FakeCLReset();
    } else if ([op isEqualToString:@"setAuthorizationStatus"]) {
      FakeCLSetAuthorizationStatus(static_cast<int>(Num(params, @"status", 0)));
    } else if ([op isEqualToString:@"setPromptAnswer"]) {
      FakeCLSetPromptAnswer(static_cast<int>(Num(params, @"status", 0)), Num(params, @"delayMs", 0));
    } else if ([op isEqualToString:@"answerPrompt"]) {
      FakeCLAnswerPrompt(static_cast<int>(Num(params, @"status", 0)));
    } else if ([op isEqualToString:@"promptShowing"]) {
      *result_json = FakeCLPromptShowing() ? "true" : "false";
    } else if ([op isEqualToString:@"setServicesEnabled"]) {
      FakeCLSetServicesEnabled(Num(params, @"on", 1) != 0);
    } else if ([op isEqualToString:@"setAccuracyAuthorization"]) {
      FakeCLSetAccuracyAuthorization(static_cast<long>(Num(params, @"value", 0)));
    } else if ([op isEqualToString:@"setFix"]) {
      NSDictionary* fix = [params objectForKey:@"fix"];
      if (![fix isKindOfClass:[NSDictionary class]]) {
        *problem = "setFix needs params.fix";
        return false;
      }
      FakeCLFix value = FixFrom(fix);
      FakeCLSetFix(&value);
    } else if ([op isEqualToString:@"moveTo"]) {
      FakeCLMoveTo(Num(params, @"latitude", 0), Num(params, @"longitude", 0));
    } else if ([op isEqualToString:@"queueError"]) {
      FakeCLQueueError(static_cast<long>(Num(params, @"code", 0)));
    } else if ([op isEqualToString:@"setFixDelay"]) {
      FakeCLSetFixDelay(Num(params, @"ms", 0));
    } else if ([op isEqualToString:@"holdFixes"]) {
      FakeCLHoldFixes(Num(params, @"on", 0) != 0);
    } else if ([op isEqualToString:@"setPlaces"]) {
      id places = [params objectForKey:@"places"];
      if (![places isKindOfClass:[NSArray class]]) {
        *problem = "setPlaces needs params.places";
        return false;
      }
      SetPlaces((NSArray*)places);
    } else if ([op isEqualToString:@"queueGeocodeError"]) {
      FakeCLQueueGeocodeError(static_cast<long>(Num(params, @"code", 0)));
    } else if ([op isEqualToString:@"setGeocodeDelay"]) {
      FakeCLSetGeocodeDelay(Num(params, @"ms", 0));
    } else if ([op isEqualToString:@"counters"]) {
      *result_json = CountersJson();
    } else {
      *problem = std::string("unknown testDouble op ") + [op UTF8String];
      return false;
    }
    return true;
  }
}

}  // namespace whereami::helper

#endif  // WHEREAMI_TEST_DOUBLE
