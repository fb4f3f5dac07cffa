package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasiotel.host.testbindings.test.typed.api.Api;
import dev.wasiotel.host.testbindings.test.typed.api.ApiHost;
import dev.wasiotel.host.testbindings.test.typed.api.Level;
import dev.wasiotel.host.testbindings.test.typed.api.Point;
import dev.wasiotel.host.testbindings.test.typed.store.Item;
import dev.wasiotel.host.testbindings.test.typed.store.Store;
import dev.wasiotel.host.testbindings.test.typed.store.StoreHost;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.abi.WitFunctionType;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Real components (typed/*.wat, assembled by build.sh) import {@code test:typed/api@0.1.0} from a
 * host serving it through generated bindings, whose host functions carry their WIT types: an
 * import whose component-level type differs is refused at link time, naming the function and the
 * first difference, although its core signature is the host's.
 */
class TypedLinkingTest {
    private static final String API = "test:typed/api@0.1.0";
    private static final String STORE = "test:typed/store@0.1.0";

    /** The host's implementation: code 7, current level high, peek returns the item's value. */
    private static final class FixedApi implements Api {
        @Override
        public int code() {
            return 7;
        }

        @Override
        public Point moveBy(Point p, int dx) {
            return new Point(p.x() + dx, p.y());
        }

        @Override
        public long add(long a, long b) {
            return a + b;
        }

        @Override
        public Level currentLevel() {
            return Level.HIGH;
        }

        @Override
        public long peek(Item i) {
            return i.value();
        }
    }

    /** Items holding their number. */
    private static final class FixedStore implements Store {
        @Override
        public Item newItem(long n) {
            return () -> n;
        }
    }

    private static ComponentHost host(UnaryOperator<HostFunctionDef> each) {
        Function<StringEncoding, List<HostFunctionDef>> functions =
                enc -> ApiHost.functions(new FixedApi(), enc).stream().map(each).toList();
        return ComponentHost.builder().provide(API, functions)
                .provide(STORE, enc -> StoreHost.functions(new FixedStore(), enc)).build();
    }

    private static LinkException refusal(String fixture) {
        Component component = Component.load(ComponentFixtures.bytes(fixture));
        return assertThrows(LinkException.class, () -> host(d -> d).instantiate(component));
    }

    @Test
    void aCompatibleImportLinksAndRunsAlthoughTheHostServesMoreFunctions() {
        // the component imports add, current-level (an enum) and peek (a borrow of store's item,
        // made by store's constructor); the host also serves code and move-by, and item's value
        ComponentInstance guest = host(d -> d).instantiate(Component.load(ComponentFixtures.bytes("typed-compatible")));

        assertEquals(42L + 100L + 1000L, guest.invoke("test:typed/runner#run", List.of()));
    }

    @Test
    void aResourceOfTheSameNameFromAnotherInterfaceIsRefused() {
        LinkException e = refusal("typed-resource-owner");

        assertEquals(List.of(API + "#peek: parameter `i`: the component has `borrow<item>` of " + API
                + ", the host has `borrow<item>` of " + STORE), e.problems());
    }

    @Test
    void anEnumWhereTheHostServesU8IsRefused() {
        LinkException e = refusal("typed-enum-vs-u8");

        assertEquals(List.of(API + "#code: result: the component has `enum {low, high}`, the host has `u8`"),
                e.problems());
    }

    @Test
    void aRecordWithItsFieldsInAnotherOrderIsRefused() {
        LinkException e = refusal("typed-record-order");

        assertEquals(List.of(API + "#move-by: parameter `p` field 0: the component has `y: s32`, the host has `x: s32`"),
                e.problems());
    }

    @Test
    void everyMistypedFunctionIsNamedWithItsFirstDifference() {
        LinkException e = refusal("typed-wrong-result");

        assertEquals(List.of(API + "#add: result: the component has `s32`, the host has `u32`",
                API + "#current-level: result case 0: the component has `high`, the host has `low`"), e.problems());
        assertEquals("cannot link the guest module: 2 imports are not satisfied", e.getMessage().lines().findFirst()
                .orElseThrow());
    }

    @Test
    void aHostFunctionWithoutATypeIsCheckedByItsCoreSignatureOnly() {
        // today's behaviour for untyped (hand-written) host functions: the enum import links, and
        // the guest reads the host's u8 as whatever enum case it encodes
        ComponentHost untyped = host(d -> new HostFunctionDef(d.module(), d.name(), d.params(), d.results(), d.body()));

        ComponentInstance guest = untyped.instantiate(Component.load(ComponentFixtures.bytes("typed-enum-vs-u8")));

        assertEquals(7L, guest.invoke("test:typed/runner#run", List.of()));
    }

    @Test
    void aHandWrittenHostFunctionMayCarryAType() {
        WitFunctionType enumResult = new WitFunctionType(List.of(),
                Optional.of(new AbiType.Enum(List.of("low", "high"))));
        ComponentHost typedByHand = host(d -> d.name().equals("code")
                ? new HostFunctionDef(d.module(), d.name(), d.params(), d.results(), (guest, a) -> new long[] {1},
                        enumResult)
                : d);

        ComponentInstance guest = typedByHand.instantiate(Component.load(ComponentFixtures.bytes("typed-enum-vs-u8")));

        assertEquals(1L, guest.invoke("test:typed/runner#run", List.of()));
    }
}
