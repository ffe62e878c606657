#!/usr/bin/env node
// A stand-in for whereami-helper speaking the JSON-lines protocol, so the
// helper backend's process handling can be tested without native code.
// FAKE_HELPER_MODE: normal | garbage | version | silent | crash | slow
// FAKE_HELPER_PROVIDER: the provider its hello names (default corelocation)
// FAKE_HELPER_BUNDLE: the JSON its hello gives as bundle (default {"hasLocationUsageDescription":true})
import { createInterface } from 'node:readline';

const mode = process.env.FAKE_HELPER_MODE ?? 'normal';
const out = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
// Scripted through the test-only "testDouble" method, as the double-built helper is.
const script = { position: { latitude: 59.3293, longitude: 18.0686 }, failNext: undefined, neverAnswer: false };
const fix = () => ({ ...script.position, accuracy: 20, speed: 1.5, timestamp: Date.now() });

if (mode !== 'silent') {
  const bundle = JSON.parse(process.env.FAKE_HELPER_BUNDLE ?? '{"hasLocationUsageDescription":true}');
  out({ type: 'hello', protocol: mode === 'version' ? 99 : 1, provider: process.env.FAKE_HELPER_PROVIDER ?? 'corelocation', bundle });
}
const pending = new Map();
const watches = new Map();

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line);
  if (mode === 'garbage') return process.stdout.write('this is not json\n');
  if (mode === 'crash') {
    process.stderr.write('fake helper: crashing on purpose\n');
    process.exit(3);
  }
  switch (method) {
    case 'requestLocation': {
      if (mode === 'slow' || script.neverAnswer) return void pending.set(id, true);
      const code = script.failNext;
      script.failNext = undefined;
      if (code) return out({ id, error: { code, message: `the stand-in helper failed with ${code}, as scripted` } });
      return out({ id, result: fix() });
    }
    case 'testDouble':
      if (params.op === 'failNext') script.failNext = params.code;
      else if (params.op === 'neverAnswer') script.neverAnswer = params.on === true;
      else if (params.op === 'moveTo') {
        script.position = { latitude: params.latitude, longitude: params.longitude };
        for (const watchId of watches.keys()) out({ id: watchId, event: 'fix', fix: fix() });
      } else return out({ id, error: { code: 'NOT_SUPPORTED', message: `fake helper has no testDouble op ${params.op}` } });
      return out({ id, result: null });
    case 'cancel':
      if (pending.delete(params.target)) out({ id: params.target, error: { code: 'ABORTED', message: 'cancelled' } });
      return undefined;
    case 'startWatch': {
      out({ id, event: 'fix', fix: fix() });
      watches.set(id, setInterval(() => out({ id, event: 'fix', fix: fix() }), 20));
      return undefined;
    }
    case 'stopWatch':
      clearInterval(watches.get(params.target));
      watches.delete(params.target);
      return undefined;
    case 'authorizationStatus':
    case 'requestAuthorization':
      return out({ id, result: 'authorized' });
    case 'locationServicesEnabled':
      return out({ id, result: true });
    case 'accuracyAuthorization':
      return out({ id, result: 'full' });
    default:
      return out({ id, error: { code: 'NOT_SUPPORTED', message: `fake helper has no ${method}` } });
  }
}).on('close', () => process.exit(0));
