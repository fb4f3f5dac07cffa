package dev.wasiotel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.wit.runtime.GuestLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The units of {@code --timeout} and {@code --max-memory}, and how the options reach {@link GuestLimits}. */
class QuantitiesTest {

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(2), Quantities.duration("2s"));
        assertEquals(Duration.ofMillis(500), Quantities.duration("500ms"));
        assertEquals(Duration.ofMinutes(1), Quantities.duration("1m"));
        assertEquals(Duration.ofHours(3), Quantities.duration("3h"));
        assertEquals(Duration.ZERO, Quantities.duration("0"));
        assertEquals(Duration.ZERO, Quantities.duration("0s"));
    }

    @Test
    void badDurationsNameTheProblem() {
        for (String bad : List.of("2", "2x", "s", "", "-1s", "1.5s", "2 s s", "2S", "99999999999999999999s")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.duration(bad),
                    bad);
            assertTrue(e.getMessage().contains("`" + bad + "`"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Quantities.duration("9223372036854775807h"));
    }

    @Test
    void sizes() {
        assertEquals(64L << 20, Quantities.size("64MiB"));
        assertEquals(64L << 20, Quantities.size("64M"));
        assertEquals(64L << 20, Quantities.size("64m"));
        assertEquals(1L << 30, Quantities.size("1GiB"));
        assertEquals(1L << 30, Quantities.size("1g"));
        assertEquals(512L << 10, Quantities.size("512k"));
        assertEquals(512L << 10, Quantities.size("512KiB"));
        assertEquals(512_000, Quantities.size("512kB"));
        assertEquals(512_000, Quantities.size("512KB"));
        assertEquals(64_000_000, Quantities.size("64MB"));
        assertEquals(2_000_000_000, Quantities.size("2GB"));
        assertEquals(1_048_576, Quantities.size("1048576"));
        assertEquals(65_536, Quantities.size("65536B"));
        assertEquals(GuestLimits.MAX_MEMORY32_BYTES, Quantities.size("4GiB"));
        assertEquals(0, Quantities.size("0"));
    }

    @Test
    void badSizesNameTheProblem() {
        for (String bad : List.of("64Mb", "64 mebibytes", "MiB", "-1", "1.5GiB", "5GiB", "4294967297", "5GB",
                "99999999999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.size(bad), bad);
            assertTrue(e.getMessage().contains("`" + bad + "`"), e.getMessage());
        }
    }

    @Test
    void theOptionsBecomeTheGuestLimits() {
        RunCommand run = parse("run", "--timeout", "2s", "--max-memory", "64MiB", "guest.wasm");
        GuestLimits limits = run.limits();
        assertEquals(Duration.ofSeconds(2), limits.callTimeout());
        assertEquals(64L << 20, limits.maxMemoryBytes());
        assertEquals(1024, limits.maxMemoryPages());
        // what the options do not set stays at the defaults
        assertEquals(GuestLimits.defaults().maxLiftBytesPerCall(), limits.maxLiftBytesPerCall());
        assertEquals(GuestLimits.defaults().maxTableElements(), limits.maxTableElements());
    }

    @Test
    void withoutTheOptionsTheDefaultsApply() {
        assertEquals(GuestLimits.defaults(), parse("run", "guest.wasm").limits());
        assertEquals(Duration.ZERO, parse("run", "--timeout", "0", "guest.wasm").limits().callTimeout());
    }

    private static RunCommand parse(String... args) {
        CommandLine.ParseResult result = WasiOtelCli.newCommandLine().parseArgs(args);
        return (RunCommand) result.subcommand().commandSpec().userObject();
    }
}
