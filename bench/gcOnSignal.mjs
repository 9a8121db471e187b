// Preloaded into a server the idle benchmark measures (node --expose-gc --import this): on SIGUSR2 it runs
// two full GCs and prints `bench-memory <process.memoryUsage() as JSON>`, so memory is read after garbage
// is gone. Bench-only; the product has no such hook.
if (typeof globalThis.gc === 'function')
  process.on('SIGUSR2', () => {
    globalThis.gc();
    globalThis.gc();
    process.stdout.write(`bench-memory ${JSON.stringify(process.memoryUsage())}\n`);
  });
