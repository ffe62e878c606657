// Parses request lines with Foundation's NSJSONSerialization, which both
// macOS and GNUstep ship, so the helper needs no JSON library of its own.
#include "request_reader.h"

#import <Foundation/Foundation.h>

namespace whereami::helper {

namespace {

bool ReadNumber(NSDictionary* object, NSString* key, double* out) {
  id value = [object objectForKey:key];
  if (value == nil) return true;  // optional: keep the default
  if (![value isKindOfClass:[NSNumber class]]) return false;
  *out = [(NSNumber*)value doubleValue];
  return true;
}

}  // namespace

bool ReadRequest(const std::string& line, Request* request, std::string* problem) {
  @autoreleasepool {
    NSData* data = [NSData dataWithBytes:line.data() length:line.size()];
    NSError* error = nil;
    id parsed = [NSJSONSerialization JSONObjectWithData:data options:0 error:&error];
    if (parsed == nil || ![parsed isKindOfClass:[NSDictionary class]]) {
      *problem = "the request is not a JSON object";
      return false;
    }
    NSDictionary* object = (NSDictionary*)parsed;
    id identifier = [object objectForKey:@"id"];
    id method = [object objectForKey:@"method"];
    if (![identifier isKindOfClass:[NSNumber class]] || ![method isKindOfClass:[NSString class]]) {
      *problem = "the request lacks a numeric id or a method";
      return false;
    }
    request->id = [(NSNumber*)identifier unsignedLongLongValue];
    request->method = [(NSString*)method UTF8String];
    id params = [object objectForKey:@"params"];
    if (params == nil) return true;
    if (![params isKindOfClass:[NSDictionary class]]) {
      *problem = "params is not an object";
      return false;
    }
    NSDictionary* p = (NSDictionary*)params;
    double target = 0;
    double reduced = 0;
    bool numbers_ok = ReadNumber(p, @"reduced", &reduced) && ReadNumber(p, @"accuracy", &request->accuracy) &&
                      ReadNumber(p, @"maximumAge", &request->maximum_age) &&
                      ReadNumber(p, @"distanceFilter", &request->distance_filter) &&
                      ReadNumber(p, @"latitude", &request->latitude) &&
                      ReadNumber(p, @"longitude", &request->longitude) && ReadNumber(p, @"target", &target) &&
                      ReadNumber(p, @"limitMs", &request->limit_ms);
    if (!numbers_ok) {
      *problem = "a numeric parameter is not a number";
      return false;
    }
    request->target = static_cast<std::uint64_t>(target);
    request->reduced = reduced != 0;
    id address = [p objectForKey:@"address"];
    if (address != nil) {
      if (![address isKindOfClass:[NSString class]]) {
        *problem = "address is not a string";
        return false;
      }
      request->address = [(NSString*)address UTF8String];
    }
    return true;
  }
}

}  // namespace whereami::helper
