import { NativeBackend } from '../../src/backends/native-backend.js';
import { describeBackendContract } from './backend-contract.js';
import { FakeNativeProvider } from '../support/fake-native-binding.js';

describeBackendContract('addon adapter over a fake native binding', () => {
  const fake = new FakeNativeProvider();
  const backend = new NativeBackend(fake, { name: 'addon', provider: 'corelocation' });
  return Promise.resolve({
    backend,
    expected: { ...fake.position, accuracy: 65 },
    script: {
      failNext: (code) => {
        fake.nextError = { code, message: `scripted ${code} for the contract suite`, domain: 'kCLErrorDomain' };
      },
      neverAnswer: (on) => {
        fake.neverAnswer = on;
      },
      moveTo: (latitude, longitude) => fake.moveTo(latitude, longitude),
      recover: () => undefined,
      providerRequests: () => fake.requests,
    },
    close: () => backend.close(),
  });
});
