// preview2-shim 0.26 gives jco's bundled wasm-tools no file access: let it read the WIT folders.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
_setPreopens({ '/': '/' });
