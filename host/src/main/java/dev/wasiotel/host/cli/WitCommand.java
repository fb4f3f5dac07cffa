package dev.wasiotel.host.cli;

import picocli.CommandLine.Command;

/** {@code wasi-otel wit}: the group of WIT tools. A subcommand is required. */
@Command(name = "wit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check and print WIT (WebAssembly Interface Types).",
        subcommands = {WitCheckCommand.class, WitPrintCommand.class})
public final class WitCommand {
}
