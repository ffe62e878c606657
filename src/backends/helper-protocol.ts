/**
 * The JSON-lines protocol between the helper backend and `whereami-helper`
 * (native/helper). One JSON object per line, UTF-8, both ways.
 *
 * helper -> parent, first line:  {"type":"hello","protocol":1,"provider":"corelocation",
 *                                 "bundle":{"identifier":"...","hasLocationUsageDescription":true}}
 * parent -> helper:              {"id":7,"method":"requestLocation","params":{"accuracy":100,"maximumAge":0}}
 * helper -> parent, answers:     {"id":7,"result":<value>}  or  {"id":7,"error":{"code":"...","message":"..."}}
 * helper -> parent, events:      {"id":7,"event":"prompt","pending":true}   (requests and watches)
 *                                {"id":9,"event":"fix","fix":{...}}          (watches; ended by an error)
 *
 * Methods and params: requestLocation {accuracy, maximumAge}; cancel {target};
 * startWatch {accuracy, distanceFilter}; stopWatch {target}; authorizationStatus;
 * requestAuthorization {limitMs} (0: no limit); locationServicesEnabled; accuracyAuthorization;
 * reverseGeocode {latitude, longitude}; forwardGeocode {address}.
 * `cancel` makes the target answer with error code ABORTED; `stopWatch` ends a
 * watch silently; both answer nothing themselves. The helper exits when its
 * stdin closes.
 */
import type { NativeBundleInfo, NativeError, NativeFix } from './native-binding.js';

export const HELPER_PROTOCOL_VERSION = 1;

export type HelperMethod =
  | 'requestLocation'
  | 'cancel'
  | 'startWatch'
  | 'stopWatch'
  | 'authorizationStatus'
  | 'requestAuthorization'
  | 'locationServicesEnabled'
  | 'accuracyAuthorization'
  | 'reverseGeocode'
  | 'forwardGeocode';

export interface HelperRequest {
  id: number;
  /** A HelperMethod, or an extension such as the double build's test-only "testDouble". */
  method: HelperMethod | (string & {});
  params?: Record<string, unknown>;
}

export interface HelperHello {
  type: 'hello';
  protocol: number;
  provider: 'corelocation' | 'geoclue';
  bundle?: NativeBundleInfo;
}

export type HelperMessage =
  | HelperHello
  | { id: number; result: unknown }
  | { id: number; error: NativeError }
  | { id: number; event: 'prompt'; pending: boolean }
  | { id: number; event: 'fix'; fix: NativeFix };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const PROVIDERS: readonly unknown[] = ['corelocation', 'geoclue'] satisfies HelperHello['provider'][];

/** A hello whose provider and bundle the backend can report as they are. */
function isHello(value: Record<string, unknown>): value is Record<string, unknown> & HelperHello {
  if (typeof value['protocol'] !== 'number') return false;
  // Another version's hello may say other things: the version check refuses it with a clearer message.
  if (value['protocol'] !== HELPER_PROTOCOL_VERSION) return true;
  if (!PROVIDERS.includes(value['provider'])) return false;
  const bundle = value['bundle'];
  if (bundle === undefined) return true;
  return (
    isObject(bundle) &&
    typeof bundle['hasLocationUsageDescription'] === 'boolean' &&
    (bundle['identifier'] === undefined || typeof bundle['identifier'] === 'string')
  );
}

/** Parses one line from the helper; undefined when it is not a protocol message. */
export function parseHelperLine(line: string): HelperMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value['type'] === 'hello') return isHello(value) ? value : undefined;
  if (typeof value['id'] !== 'number') return undefined;
  if ('result' in value) return value as HelperMessage;
  const error = value['error'];
  if (isObject(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string') {
    return value as HelperMessage;
  }
  if (value['event'] === 'prompt' && typeof value['pending'] === 'boolean') return value as HelperMessage;
  const fix = value['fix'];
  if (value['event'] === 'fix' && isObject(fix) && typeof fix['latitude'] === 'number' && typeof fix['longitude'] === 'number') {
    return value as HelperMessage;
  }
  return undefined;
}
