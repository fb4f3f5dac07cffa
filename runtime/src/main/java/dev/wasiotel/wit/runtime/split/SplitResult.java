package dev.wasiotel.wit.runtime.split;

import java.util.List;

/**
 * What {@link FunctionSplitter#split} made.
 *
 * @param module         the module; the very array given when nothing was oversized
 * @param split          the functions that were split
 * @param functionsAdded how many outlined functions were appended
 * @param leftOversized  functions still larger than the threshold, with the reason
 */
public record SplitResult(byte[] module, List<SplitFunction> split, int functionsAdded,
        List<OversizedFunction> leftOversized) {
    public SplitResult {
        split = List.copyOf(split);
        leftOversized = List.copyOf(leftOversized);
    }

    /**
     * One split function.
     *
     * @param functionIndex its index in the module's function index space (imports first)
     * @param sizeBefore    body bytes before
     * @param sizeAfter     body bytes after
     * @param outlined      how many functions were outlined from it (pieces split again included)
     */
    public record SplitFunction(int functionIndex, int sizeBefore, int sizeAfter, int outlined) {
    }

    /**
     * A function left larger than the threshold.
     *
     * @param functionIndex its index in the module's function index space (imports first)
     * @param size          its body bytes now
     * @param reason        why the splitter did not (fully) split it
     */
    public record OversizedFunction(int functionIndex, int size, String reason) {
    }
}
