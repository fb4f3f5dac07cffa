package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders named nodes so that each comes after the nodes it depends on, keeping source order where
 * the dependencies allow; reports unknown names and cycles with the span of the offending edge.
 */
final class Toposort {
    private Toposort() {
    }

    /** A dependency edge: the name depended on, and where it is written. */
    record Edge(String name, Span span) {
    }

    /**
     * @param kind what the nodes are, for messages ("type", "interface or world")
     * @param deps every node (in source order) with its edges
     */
    static List<String> sort(String kind, LinkedHashMap<String, List<Edge>> deps) throws WitParseException {
        for (List<Edge> edges : deps.values()) {
            for (Edge e : edges) {
                if (!deps.containsKey(e.name())) {
                    throw new WitParseException(e.span(), kind + " `" + e.name() + "` does not exist"
                            + legacyFloatHint(e.name()));
                }
            }
        }
        List<String> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = visiting, 2 = done
        for (String node : deps.keySet()) {
            visit(kind, node, deps, state, order, null);
        }
        return order;
    }

    /** The reference parser's hint for the old float names, with our opt-in named. */
    static String legacyFloatHint(String name) {
        if (name.equals("float32") || name.equals("float64")) {
            return "; `" + name + "` was renamed to `" + (name.equals("float32") ? "f32" : "f64")
                    + "` (the legacy-float-names option, --legacy-float-names, still accepts it)";
        }
        return "";
    }

    private static void visit(String kind, String node, LinkedHashMap<String, List<Edge>> deps,
            Map<String, Integer> state, List<String> order, Span via) throws WitParseException {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            throw new WitParseException(via, kind + " `" + node + "` depends on itself");
        }
        state.put(node, 1);
        for (Edge e : deps.get(node)) {
            visit(kind, e.name(), deps, state, order, e.span());
        }
        state.put(node, 2);
        order.add(node);
    }
}
