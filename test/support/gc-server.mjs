// dist/main.js plus one test-only hook, for the soak: started with `--expose-gc`, it answers
// the IPC message 'heap' with the heap in use after full collections, so a leak check
// measures live objects rather than garbage an idle server had no reason to collect yet.
import '../../dist/main.js';

process.on('message', (msg) => {
  if (msg !== 'heap') return;
  globalThis.gc();
  globalThis.gc();
  process.send({ heapUsed: process.memoryUsage().heapUsed });
});
