#!/usr/bin/env bash
# Installs a guest's toolchain from its package-lock.json (run in the guest's folder).
# Not `npm ci`: jco 1.35 depends on optional per-platform packages at versions the registry does
# not have (e.g. @bytecodealliance/jco-node-fs-win32-x64-msvc@0.3.2), so they are absent from the
# lock file and `npm ci` refuses it as out of sync. `npm install --no-save` installs the locked
# versions (with their integrity hashes) and leaves package.json and the lock file untouched.
set -euo pipefail
npm install --no-save --no-audit --no-fund --loglevel=error
