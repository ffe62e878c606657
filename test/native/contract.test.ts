/**
 * The backend contract suite, the one the simulated backend passes, run
 * against the CoreLocation bridge (native/darwin + native/addon) built on
 * Linux against the CoreLocation double.
 */
import { describe, it } from 'vitest';
import { basename, dirname } from 'node:path';
import { NativeBackend } from '../../src/backends/native-backend.js';
import { describeBackendContract } from '../contract/backend-contract.js';
import { countingProvider } from '../support/counting-provider.js';
import { BERLIN, CL, doubleAddonPath, doubleAvailable, freshProvider, loadDouble } from './support/double.js';

const variant = basename(dirname(doubleAddonPath()));

if (!doubleAvailable()) {
  describe('backend contract: addon against the CoreLocation double', () => {
    it.skip(`skipped: ${doubleAddonPath()} is not built (npm run build:native:double)`, () => {});
  });
} else {
  const binding = loadDouble();
  describeBackendContract(`addon (${variant} build) against the CoreLocation double`, () => {
    const { native, double } = freshProvider(binding);
    const counted = countingProvider(native);
    const backend = new NativeBackend(counted.provider, { name: 'addon', provider: binding.provider, detail: doubleAddonPath() });
    return Promise.resolve({
      backend,
      expected: BERLIN,
      script: {
        failNext: (code) => {
          if (code === 'SERVICES_DISABLED') double.setServicesEnabled(false);
          else double.queueError(code === 'PERMISSION_DENIED' ? CL.errorDenied : CL.errorNetwork);
        },
        neverAnswer: (on) => double.holdFixes(on),
        moveTo: (latitude, longitude) => double.moveTo(latitude, longitude),
        recover: () => double.setServicesEnabled(true),
        providerRequests: counted.requests,
      },
      close: () => backend.close(),
    });
  });

  // The shapes a Mac without permission gives (the macOS workflow runs the
  // same suite against the real addon and helper so): refused, and never
  // asked because the process has no usage description.
  describeBackendContract(`addon (${variant} build), permissionless: denied`, () => {
    const { backend } = freshProvider(binding, CL.denied);
    return Promise.resolve({ backend, expected: BERLIN, permissionless: { timeoutMs: 1000 }, close: () => backend.close() });
  }, 'permissionless');
  describeBackendContract(`addon (${variant} build), permissionless: no prompt ever shown`, () => {
    const { backend, double } = freshProvider(binding, CL.notDetermined);
    double.setUsageDescription(false);
    return Promise.resolve({ backend, expected: BERLIN, permissionless: { timeoutMs: 300 }, close: () => backend.close() });
  }, 'permissionless');
}
