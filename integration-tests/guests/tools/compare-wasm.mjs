// Compares two Wasm binaries (components or core modules) section by section, descending into
// the core modules of a component, and prints which sections differ. Exit code 0 when identical.
// Used by build-all.sh --check to show where a non-reproducible build differs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const CORE_SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
  'element', 'code', 'data', 'datacount'];
const COMPONENT_SECTIONS = ['custom', 'core-module', 'core-instance', 'core-type', 'component', 'instance', 'alias',
  'type', 'canon', 'start', 'import', 'export', 'value'];

function leb(bytes, at) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) {
      return [result, at];
    }
  }
}

/** Sections as [path, sha256] pairs; core modules inside a component are listed section by section. */
function sections(bytes, start, end, prefix, out) {
  const isComponent = bytes[start + 6] === 1;
  const names = isComponent ? COMPONENT_SECTIONS : CORE_SECTIONS;
  let at = start + 8;
  let index = 0;
  while (at < end) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    let name = `${prefix}${index}:${names[id] ?? id}`;
    if (id === 0) {
      const [len, nameAt] = leb(bytes, body);
      name += `(${bytes.subarray(nameAt, nameAt + len).toString()})`;
    }
    out.push([name, createHash('sha256').update(bytes.subarray(body, body + size)).digest('hex')]);
    if (isComponent && id === 1) {
      sections(bytes, body, body + size, `${name}/`, out);
    }
    at = body + size;
    index++;
  }
  return out;
}

const [a, b] = process.argv.slice(2).map((f) => fs.readFileSync(f));
const sa = sections(a, 0, a.length, '', []);
const sb = sections(b, 0, b.length, '', []);
const differing = [];
for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
  if (!sa[i] || !sb[i] || sa[i][0] !== sb[i][0] || sa[i][1] !== sb[i][1]) {
    differing.push((sa[i] ?? sb[i])[0]);
  }
}
if (differing.length === 0 && a.equals(b)) {
  console.log('identical');
} else {
  console.log(`differ in ${differing.length} of ${sa.length} sections: ${differing.join(', ')}`);
  process.exit(1);
}
