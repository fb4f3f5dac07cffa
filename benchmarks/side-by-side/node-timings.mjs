// The Node side of benchmarks/side-by-side.sh: one `jco transpile`d guest timed as GuestTimings
// times it on the JVM. Instantiate = importing the transpiled module (jco's output compiles and
// instantiates the core modules in its top-level await), after the WASI shim and the recording
// wasi:otel host (integration-tests/guests/tools/otel-host.mjs) are loaded; then the first call of
// `run`, warm-up calls, and the min and median of the measured calls (wall, and the process's CPU
// time, which a loaded machine disturbs less); peak RSS of the process.
//   node node-timings.mjs TRANSPILED.js HOST.mjs [--warmup N] [--calls N] [--arg TEXT]
// Prints one line `RESULT key=value ...` (the guest's own stdout goes before it).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [transpiled, hostModule, ...rest] = process.argv.slice(2);
const options = { warmup: 3, calls: 20, arg: 'world' };
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i].replace(/^--/, '');
  if (!(key in options) || rest[i + 1] === undefined) {
    console.error(`node-timings: unknown or incomplete option ${rest[i]}`);
    process.exit(2);
  }
  options[key] = key === 'arg' ? rest[i + 1] : Number(rest[i + 1]);
}
if (!transpiled || !hostModule || !(options.calls >= 1)) {
  console.error('usage: node node-timings.mjs TRANSPILED.js HOST.mjs [--warmup N] [--calls N>=1] [--arg TEXT]');
  process.exit(2);
}

const host = await import(pathToFileURL(hostModule).href);
// the shim jco's output imports, resolved from beside the transpiled module, loaded before timing
await import('@bytecodealliance/preview2-shim');

const t0 = performance.now();
const guest = await import(pathToFileURL(transpiled).href);
const instantiateMs = performance.now() - t0;

const cpus = [];
const call = () => {
  const c = process.cpuUsage();
  const t = performance.now();
  guest.run(options.arg);
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  cpus.push((used.user + used.system) / 1000);
  return wall;
};
const firstCallMs = call();
for (let i = 0; i < options.warmup; i++) {
  call();
}
const times = [];
cpus.length = 0;
for (let i = 0; i < options.calls; i++) {
  times.push(call());
}
times.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
const spans = host.calls.filter((c) => c.fn === 'tracing.on-end').length;
console.log(
  `RESULT guest=${transpiled.split('/').pop()} instantiate_ms=${instantiateMs.toFixed(1)} first_call_ms=${firstCallMs.toFixed(2)}` +
    ` median_ms=${times[Math.floor(times.length / 2)].toFixed(3)} min_ms=${times[0].toFixed(3)} calls=${options.calls}` +
    ` warmup=${options.warmup} peak_rss_kb=${process.resourceUsage().maxRSS} spans=${spans}` +
    ` cpu_median_ms=${cpus[Math.floor(cpus.length / 2)].toFixed(3)} cpu_min_ms=${cpus[0].toFixed(3)}`,
);
