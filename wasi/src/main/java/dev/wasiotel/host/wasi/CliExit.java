package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.cli.exit.Exit;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;

/** {@code wasi:cli/exit}: throws {@link WasiExit}, which stops the guest and carries the status. */
final class CliExit implements Exit {
    @Override
    public void exit(Result<Unit, Unit> status) {
        throw new WasiExit(status.isOk() ? 0 : 1);
    }

    @Override
    public void exitWithCode(int statusCode) {
        throw new WasiExit(statusCode);
    }
}
