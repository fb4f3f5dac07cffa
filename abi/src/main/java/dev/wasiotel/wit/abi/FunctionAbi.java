package dev.wasiotel.wit.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core signature of a component function, and whether its parameters or results travel
 * through memory, as {@code canon lower} (a guest's import, served by the host) and {@code canon
 * lift} (a guest's export, called by the host) define them.
 *
 * @param params the component-level parameter types
 * @param result the component-level result type, if any
 * @param coreParams the core parameter types
 * @param coreResults the core result types
 * @param paramsSpilled more than {@link Layout#MAX_FLAT_PARAMS} flat parameters: one i32 pointer
 *     to a tuple of them
 * @param resultsSpilled more than {@link Layout#MAX_FLAT_RESULTS} flat results: for an import an
 *     extra last i32 parameter where the host writes them; for an export one i32 result pointing
 *     at them
 * @param isImport whether this is the lowered (import) form
 */
public record FunctionAbi(List<AbiType> params, Optional<AbiType> result, List<CoreType> coreParams,
        List<CoreType> coreResults, boolean paramsSpilled, boolean resultsSpilled, boolean isImport) {

    /** Copies the lists. */
    public FunctionAbi {
        params = List.copyOf(params);
        coreParams = List.copyOf(coreParams);
        coreResults = List.copyOf(coreResults);
    }

    /** The form a guest imports (the host implements it). */
    public static FunctionAbi forImport(List<AbiType> params, Optional<AbiType> result) {
        return of(params, result, true);
    }

    /** The form a guest exports (the host calls it). */
    public static FunctionAbi forExport(List<AbiType> params, Optional<AbiType> result) {
        return of(params, result, false);
    }

    private static FunctionAbi of(List<AbiType> params, Optional<AbiType> result, boolean isImport) {
        List<CoreType> flatParams = new ArrayList<>();
        for (AbiType p : params) {
            flatParams.addAll(Layout.flat(p));
        }
        List<CoreType> flatResults = result.map(Layout::flat).orElse(List.of());
        boolean paramsSpilled = flatParams.size() > Layout.MAX_FLAT_PARAMS;
        if (paramsSpilled) {
            flatParams = List.of(CoreType.I32);
        }
        boolean resultsSpilled = flatResults.size() > Layout.MAX_FLAT_RESULTS;
        if (resultsSpilled) {
            if (isImport) {
                flatParams = new ArrayList<>(flatParams);
                flatParams.add(CoreType.I32);
                flatResults = List.of();
            } else {
                flatResults = List.of(CoreType.I32);
            }
        }
        return new FunctionAbi(params, result, flatParams, flatResults, paramsSpilled, resultsSpilled, isImport);
    }

    /** The tuple the parameters are spilled as (meaningful when {@link #paramsSpilled()}). */
    public AbiType paramsTuple() {
        return new AbiType.Tuple(params);
    }

    /** The tuple the result is spilled as (meaningful when {@link #resultsSpilled()}). */
    public AbiType resultsTuple() {
        return new AbiType.Tuple(result.map(List::of).orElse(List.of()));
    }
}
