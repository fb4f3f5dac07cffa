// Node preload for the build (node --import): preview2-shim 0.26 gives the WASI sandbox of the
// Wasm-compiled tools (componentize-js, jco embed) no file access, so they fail with
// "os error 44" reading the WIT. Granting the whole file system to the build tools fixes that.
// The shim is resolved from the current directory's node_modules (the guest being built).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { _setPreopens } = await import(pathToFileURL(require.resolve('@bytecodealliance/preview2-shim/filesystem')).href);
_setPreopens({ '/': '/' });
