// The node-whereami side of the GeoClue peer bench (bench/geoclue-peer.mjs),
// run in its own process over the built package and the bus in
// DBUS_SYSTEM_BUS_ADDRESS.
//   `cold`: one watchLocation() first fix, printed as a JSON line, then exit.
//   `warm` (forked, IPC): answers { op: 'watch' } with the time to one
//   watchLocation() first fix, and { op: 'calls', count, maximumAge, gapMs }
//   with when each getLocation() began and ended and the latitude it gave.
const { getLocation, watchLocation } = await import('../dist/index.js');

async function firstWatchFix() {
  const start = process.hrtime.bigint();
  const watch = watchLocation({ timeout: 10_000 });
  try {
    const { value } = await watch[Symbol.asyncIterator]().next();
    return { ns: Number(process.hrtime.bigint() - start), latitude: value.latitude };
  } finally {
    watch.stop();
  }
}

async function calls({ count, maximumAge, gapMs }) {
  const answers = [];
  for (let i = 0; i < count; i += 1) {
    const began = Date.now();
    const start = process.hrtime.bigint();
    const fix = await getLocation({ maximumAge, timeout: 10_000 });
    answers.push({ began, ns: Number(process.hrtime.bigint() - start), latitude: fix.latitude });
    // Another point of the GPS's cycle each time.
    await new Promise((resolve) => setTimeout(resolve, (i * 137) % gapMs));
  }
  return answers;
}

if (process.argv[2] === 'cold') {
  const { latitude } = await firstWatchFix();
  process.stdout.write(`${JSON.stringify({ latitude })}\n`);
  process.exit(0);
} else {
  process.on('message', (message) => {
    const work = message.op === 'watch' ? firstWatchFix() : calls(message);
    work.then(
      (result) => process.send({ ok: true, result }),
      (error) => process.send({ ok: false, error: `${error.code ?? ''} ${error.message}` }),
    );
  });
  process.send({ ok: true, result: 'ready' });
}
