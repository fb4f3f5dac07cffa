package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.TableSection;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The memory and table maximums of {@link GuestLimits} applied to Chicory: a module whose declared
 * minimum exceeds a limit is refused before anything is allocated, and the memories and tables it
 * defines get the limit as their maximum, so that {@code memory.grow}/{@code table.grow} beyond it
 * return {@code -1} as the core specification allows.
 */
final class EngineLimits {
    private EngineLimits() {
    }

    /** The most pages a memory may have: the limit, and no more than Chicory can address (2 GiB - 64 KiB). */
    static int maxPages(GuestLimits limits) {
        return Math.min(limits.maxMemoryPages(), Memory.RUNTIME_MAX_PAGES);
    }

    /** The most elements a table may have: the limit, and no more than Chicory allows. */
    static long maxTableElements(GuestLimits limits) {
        return Math.min(limits.maxTableElements(), TableLimits.LIMIT_MAX);
    }

    /**
     * Refuses a module that declares a memory or table larger at its minimum than {@code limits}
     * allow.
     *
     * @throws LinkException naming each such memory and table
     */
    static void check(WasmModule wasm, GuestLimits limits) {
        List<String> problems = problems(wasm, limits);
        if (!problems.isEmpty()) {
            throw LinkException.overLimits(problems);
        }
    }

    private static List<String> problems(WasmModule wasm, GuestLimits limits) {
        List<String> problems = new ArrayList<>();
        int importedMemories = 0;
        int importedTables = 0;
        ImportSection imports = wasm.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            ExternalType type = imports.getImport(i).importType();
            importedMemories += type == ExternalType.MEMORY ? 1 : 0;
            importedTables += type == ExternalType.TABLE ? 1 : 0;
        }
        int maxPages = maxPages(limits);
        Optional<MemorySection> memories = wasm.memorySection();
        if (memories.isPresent()) {
            for (int i = 0; i < memories.get().memoryCount(); i++) {
                int pages = memories.get().getMemory(i).limits().initialPages();
                if (pages < 0 || pages > maxPages) {
                    problems.add("memory " + (importedMemories + i) + "'s minimum of " + pagesText(pages)
                            + ": its limit is " + pagesText(maxPages));
                }
            }
        }
        long maxElements = maxTableElements(limits);
        TableSection tables = wasm.tableSection();
        for (int i = 0; i < tables.tableCount(); i++) {
            long min = tables.getTable(i).limits().min();
            if (min < 0 || min > maxElements) {
                problems.add("table " + (importedTables + i) + "'s minimum of " + min + " elements: its limit is "
                        + maxElements + " elements");
            }
        }
        return problems;
    }

    /** Makes the memories a module defines, each with at most {@link #maxPages} pages. */
    static Function<MemoryLimits, Memory> memoryFactory(GuestLimits limits) {
        int maxPages = maxPages(limits);
        return declared -> {
            MemoryLimits bounded = new MemoryLimits(declared.initialPages(),
                    Math.min(declared.maximumPages(), maxPages), declared.shared());
            try {
                return new BoundedMemory(new ByteBufferMemory(bounded));
            } catch (OutOfMemoryError e) {
                throw LinkException.overLimits(List.of("a memory's minimum of " + pagesText(declared.initialPages())
                        + ": the JVM is out of heap"));
            }
        };
    }

    /**
     * Makes the tables a module defines, each with at most {@link #maxTableElements} elements. Each
     * instance gets its own copy of the module's table type: Chicory counts growth in it.
     */
    static TableFactory tableFactory(GuestLimits limits) {
        long maxElements = maxTableElements(limits);
        return (declared, initialValue) -> {
            TableLimits l = declared.limits();
            Table own = new Table(declared.elementType(), new TableLimits(l.min(), Math.min(l.max(), maxElements),
                    l.shared()), declared.initialize());
            try {
                return new BoundedTable(own, initialValue);
            } catch (OutOfMemoryError e) {
                throw LinkException.overLimits(List.of("a table's minimum of " + l.min()
                        + " elements: the JVM is out of heap"));
            }
        };
    }

    /** {@code 16384 pages (1 GiB)}. */
    static String pagesText(int pages) {
        long bytes = Integer.toUnsignedLong(pages) * GuestLimits.PAGE_SIZE;
        return Integer.toUnsignedString(pages) + " pages (" + bytesText(bytes) + ")";
    }

    /** {@code 1 GiB}, {@code 64 KiB}, {@code 1536 MiB}: the largest whole unit. */
    static String bytesText(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        long value = bytes;
        while (unit < units.length - 1 && value >= 1024 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + units[unit];
    }
}
