package dev.wasiotel.otel;

import java.util.function.Function;

/**
 * The last conversion of a guest value that recorded no repair, reused while the guest sends an
 * equal value: a guest sends the same resource and the same few instrumentation scopes again and
 * again. A conversion that needed a repair is not kept, so it is converted again each time and
 * every repair is counted per use.
 *
 * @param <K> the guest's value (a WIT record: equal by value)
 * @param <V> what it converts to
 */
final class RepairFreeCache<K, V> {
    private final Diagnostics diag;
    private final Function<K, V> convert;
    /** Racing threads at worst convert the same value twice. */
    private volatile Entry<K, V> last;

    private record Entry<K, V>(K key, V value) {
    }

    RepairFreeCache(Diagnostics diag, Function<K, V> convert) {
        this.diag = diag;
        this.convert = convert;
    }

    /** {@code key} converted: the kept conversion if {@code key} equals its value, else a new one. */
    V get(K key) {
        Entry<K, V> l = last;
        if (l != null && l.key().equals(key)) {
            return l.value();
        }
        // a repair anywhere (here or on another thread) meanwhile only means this one is not kept
        long repairs = diag.total();
        V value = convert.apply(key);
        if (diag.total() == repairs) {
            last = new Entry<>(key, value);
        }
        return value;
    }
}
