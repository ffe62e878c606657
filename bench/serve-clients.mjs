// The 32 watching clients of the serve-fanout bench, in their own process so
// the bench process's CPU time is the server's alone. argv: port count
// [watch]. Reads "wait N" lines on stdin and answers "ok" once every socket
// has received N report lines in all, checking that none was lost or reordered.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const [port, count, watch] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4] === 'watch'];
const counts = new Array(count).fill(0);
let target = Infinity;
const check = () => {
  if (counts.every((n) => n >= target)) {
    target = Infinity;
    process.stdout.write('ok\n');
  }
};
let connected = 0;
for (let i = 0; i < count; i += 1) {
  const socket = connect({ host: '127.0.0.1', port }, () => {
    if (watch) socket.write('?WATCH={"enable":true,"json":true};\n');
    connected += 1;
    if (connected === count) process.stdout.write('connected\n');
  });
  let partial = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const at = line.indexOf('"altMSL":');
      if (at < 0) continue;
      const n = Number.parseInt(line.slice(at + 9), 10);
      if (n !== counts[i] + 1) throw new Error(`client ${i}: fix ${n} after ${counts[i]}: lost or reordered`);
      counts[i] = n;
    }
    check();
  });
}
createInterface({ input: process.stdin }).on('line', (line) => {
  target = Number(line.split(' ')[1]);
  check();
});
