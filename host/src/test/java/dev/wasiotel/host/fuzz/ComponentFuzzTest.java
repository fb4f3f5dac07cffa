package dev.wasiotel.host.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.testbindings.test.resource_guest.host_log.HostLogHost;
import dev.wasiotel.host.testbindings.test.resource_guest.host_log.Logger;
import dev.wasiotel.host.testbindings.test.utf16_guest.shouter.ShouterHost;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;

/**
 * Jazzer target for the component decoder and instantiator: any bytes are loaded with {@link
 * Component#load} and instantiated with every host interface {@code wasi-otel run} provides (see
 * {@link RunHosts}) and the test interfaces of this module's fixtures, under small limits (16 MiB of memory, 10,000 table elements, 1 MiB lifted per
 * call). The documented failures are the only acceptable ones: {@link ComponentFormatException}
 * from loading or instantiating, {@link LinkException}, {@link WitTrap}; anything else escaping —
 * an internal exception such as {@code TypeScope$Unknown}, an {@code
 * ArrayIndexOutOfBoundsException}, a {@code NullPointerException}, an {@code OutOfMemoryError}, a
 * {@code StackOverflowError} — is a finding.
 *
 * <p>The committed inputs ({@code ComponentFuzzTestInputs/loadAndInstantiate/}) are the component
 * fixtures of this module and of {@code integration-tests/guests} (but the 14 MB JavaScript one),
 * the mutated {@code otel} fixture of issue 11 and every finding since.
 */
class ComponentFuzzTest {
    static final GuestLimits LIMITS = GuestLimits.defaults().withMaxMemoryBytes(16L << 20)
            .withMaxTableElements(10_000).withMaxLiftBytesPerCall(1 << 20);

    @FuzzTest
    void loadAndInstantiate(byte[] input) {
        Component component;
        try {
            component = Component.load(input);
        } catch (ComponentFormatException e) {
            return;
        }
        try (RunHosts hosts = new RunHosts()) {
            ComponentHost.builder().limits(LIMITS).provideAll(hosts::functions)
                    .provide("test:resource-guest/host-log", enc -> HostLogHost.functions(ComponentFuzzTest::logger, enc))
                    .provide("test:utf16-guest/shouter", enc -> ShouterHost.functions(text -> text, enc))
                    .build().instantiate(component);
        } catch (ComponentFormatException | LinkException | WitTrap e) {
            // the documented refusals
        }
    }

    /** The test fixtures' resource interface: a logger that counts. */
    private static Logger logger(String prefix) {
        return new Logger() {
            private long count;

            @Override
            public long log(String message) {
                return ++count;
            }

            @Override
            public void close() {
            }
        };
    }
}
