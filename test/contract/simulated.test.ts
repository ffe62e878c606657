import { ScriptedBackend } from '../../src/backends/scripted.js';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import { LocationError } from '../../src/errors.js';
import { describeBackendContract } from './backend-contract.js';

describeBackendContract('simulated', () => {
  const backend = new ScriptedBackend({ track: parseSimulationSpec('52.52,13.405,12') });
  return Promise.resolve({
    backend,
    expected: { latitude: 52.52, longitude: 13.405, accuracy: 12 },
    script: {
      failNext: (code) => backend.failNext(new LocationError(code, `scripted ${code} for the contract suite`)),
      neverAnswer: (on) => backend.setNeverAnswer(on),
      moveTo: (latitude, longitude) => backend.setPosition({ latitude, longitude, accuracy: 12 }),
      recover: () => undefined,
      providerRequests: () => backend.stats.locationRequests,
    },
    close: () => backend.close(),
  });
});
