package dev.wasiotel.wit.parser.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders the upstream {@code wit-parser} JSON of a {@code Resolve} (a {@code <case>.wit.json} file)
 * into the index-free canonical form described in {@link CanonicalModel}, so that it can be
 * compared with our model. Arena indices never appear in the output: a named type is written as
 * {@code <owner>.<name>}, an anonymous one by its structure.
 */
final class CanonicalJson {
    private final JsonNode root;

    private CanonicalJson(JsonNode root) {
        this.root = root;
    }

    /** The canonical entries (path to rendered value) of an upstream JSON document. */
    static SortedMap<String, String> of(JsonNode root) {
        return new CanonicalJson(root).entries();
    }

    private SortedMap<String, String> entries() {
        SortedMap<String, String> out = new TreeMap<>();
        for (JsonNode pkg : root.get("packages")) {
            String p = CanonicalModel.uniqueKey(out, "package " + pkg.get("name").asText());
            out.put(p, "package");
            for (Map.Entry<String, JsonNode> e : fields(pkg.get("interfaces"))) {
                String i = p + " / interface " + e.getKey();
                JsonNode iface = interfaceAt(e.getValue().asInt());
                put(out, i, "interface", iface);
                for (Map.Entry<String, JsonNode> t : fields(iface.get("types"))) {
                    JsonNode type = typeAt(t.getValue().asInt());
                    put(out, i + " / type " + t.getKey(), kind(type.get("kind")), type);
                }
                for (Map.Entry<String, JsonNode> f : fields(iface.get("functions"))) {
                    put(out, i + " / func " + f.getKey(), function(f.getValue()), f.getValue());
                }
            }
            for (Map.Entry<String, JsonNode> e : fields(pkg.get("worlds"))) {
                String w = p + " / world " + e.getKey();
                JsonNode world = root.get("worlds").get(e.getValue().asInt());
                put(out, w, "world", world);
                for (Map.Entry<String, JsonNode> item : fields(world.get("imports"))) {
                    put(out, w + " / import " + worldKey(item.getKey()), worldItem(item.getValue()),
                            worldItemGated(item.getValue()));
                }
                for (Map.Entry<String, JsonNode> item : fields(world.get("exports"))) {
                    put(out, w + " / export " + worldKey(item.getKey()), worldItem(item.getValue()),
                            worldItemGated(item.getValue()));
                }
            }
        }
        return out;
    }

    /** Adds {@code key = value}, and {@code key @stability} if {@code gated} has a stability. */
    private static void put(Map<String, String> out, String key, String value, JsonNode gated) {
        out.put(key, value);
        String stability = stability(gated.get("stability"));
        if (stability != null) {
            out.put(key + CanonicalModel.STABILITY, stability);
        }
    }

    /** The JSON object carrying a world item's stability. */
    private JsonNode worldItemGated(JsonNode item) {
        if (item.has("interface")) {
            return item.get("interface");
        }
        if (item.has("function")) {
            return item.get("function");
        }
        return typeAt(item.get("type").asInt());
    }

    /** A rendered stability, or {@code null} when there is none. */
    private static String stability(JsonNode stability) {
        if (isNull(stability)) {
            return null;
        }
        JsonNode unstable = stability.get("unstable");
        JsonNode gate = unstable != null ? unstable : stability.get("stable");
        JsonNode deprecated = gate.get("deprecated");
        return CanonicalModel.stabilityText(unstable != null,
                unstable != null ? gate.get("feature").asText() : gate.get("since").asText(),
                isNull(deprecated) ? null : deprecated.asText());
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        if (object != null) {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            it.forEachRemaining(list::add);
        }
        return list;
    }

    private JsonNode interfaceAt(int index) {
        return root.get("interfaces").get(index);
    }

    private JsonNode typeAt(int index) {
        return root.get("types").get(index);
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    /** {@code ns:pkg/iface@ver} for a named interface, {@code null} for an inline one. */
    private String qualifiedInterfaceName(int index) {
        JsonNode iface = interfaceAt(index);
        if (isNull(iface.get("name")) || isNull(iface.get("package"))) {
            return null;
        }
        String pkg = root.get("packages").get(iface.get("package").asInt()).get("name").asText();
        return CanonicalModel.qualify(pkg, iface.get("name").asText());
    }

    /** A world key: a plain name, or {@code interface-N} for an interface imported by path. */
    private String worldKey(String key) {
        if (key.startsWith("interface-")) {
            return interfaceRef(Integer.parseInt(key.substring("interface-".length())));
        }
        return key;
    }

    /** A named interface's qualified name, or an inline interface's rendered contents. */
    private String interfaceRef(int index) {
        String name = qualifiedInterfaceName(index);
        return name != null ? name : "<inline>" + interfaceContents(interfaceAt(index));
    }

    private String interfaceContents(JsonNode iface) {
        SortedMap<String, String> items = new TreeMap<>();
        for (Map.Entry<String, JsonNode> t : fields(iface.get("types"))) {
            items.put("type " + t.getKey(), kind(typeAt(t.getValue().asInt()).get("kind")));
        }
        for (Map.Entry<String, JsonNode> f : fields(iface.get("functions"))) {
            items.put("func " + f.getKey(), function(f.getValue()));
        }
        return CanonicalModel.joinContents(items);
    }

    private String worldItem(JsonNode item) {
        if (item.has("interface")) {
            return "interface " + interfaceRef(item.get("interface").get("id").asInt());
        }
        if (item.has("function")) {
            return "func " + function(item.get("function"));
        }
        if (item.has("type")) {
            return "type " + kind(typeAt(item.get("type").asInt()).get("kind"));
        }
        return "?unknown world item " + item;
    }

    private String function(JsonNode f) {
        List<String> params = new ArrayList<>();
        for (JsonNode p : f.get("params")) {
            params.add(p.get("name").asText() + ": " + ref(p.get("type")));
        }
        JsonNode result = f.get("result");
        return CanonicalModel.signature(functionKind(f.get("kind")), params,
                isNull(result) ? null : ref(result));
    }

    private String functionKind(JsonNode kind) {
        if (kind.isTextual()) {
            return kind.asText().equals("async-freestanding") ? "async freestanding" : kind.asText();
        }
        Map.Entry<String, JsonNode> e = kind.fields().next();
        String name = e.getKey().startsWith("async-") ? "async " + e.getKey().substring(6) : e.getKey();
        return name + "(" + resourceRef(e.getValue().asInt()) + ")";
    }

    /**
     * A resource named through any number of {@code type x = y} aliases, rendered as the resource
     * itself: which alias a handle or method points at is not meaningful.
     */
    private String resourceRef(int index) {
        int cur = index;
        JsonNode kind = typeAt(cur).get("kind");
        while (kind.isObject() && kind.has("type") && kind.get("type").isInt()) {
            cur = kind.get("type").asInt();
            kind = typeAt(cur).get("kind");
        }
        return ref(typeAt(cur), cur);
    }

    /** A type reference: a primitive name or a type index. */
    private String ref(JsonNode t) {
        if (t.isTextual()) {
            return t.asText();
        }
        return ref(typeAt(t.asInt()), t.asInt());
    }

    private String ref(JsonNode type, int index) {
        if (type == null) {
            return "?missing type " + index;
        }
        if (isNull(type.get("name"))) {
            return kind(type.get("kind"));
        }
        return owner(type.get("owner")) + "." + type.get("name").asText();
    }

    private String owner(JsonNode owner) {
        if (isNull(owner)) {
            return "<no-owner>";
        }
        if (owner.has("interface")) {
            String name = qualifiedInterfaceName(owner.get("interface").asInt());
            return name != null ? name : "<anon-interface>";
        }
        JsonNode world = root.get("worlds").get(owner.get("world").asInt());
        String pkg = root.get("packages").get(world.get("package").asInt()).get("name").asText();
        return "world " + CanonicalModel.qualify(pkg, world.get("name").asText());
    }

    private String optionalRef(JsonNode t) {
        return isNull(t) ? "_" : ref(t);
    }

    /** A type definition's kind. */
    private String kind(JsonNode kind) {
        if (kind.isTextual()) {
            return kind.asText();
        }
        Map.Entry<String, JsonNode> e = kind.fields().next();
        JsonNode v = e.getValue();
        List<String> parts = new ArrayList<>();
        switch (e.getKey()) {
            case "type":
                return "alias(" + ref(v) + ")";
            case "record":
                for (JsonNode field : v.get("fields")) {
                    parts.add(field.get("name").asText() + ": " + ref(field.get("type")));
                }
                return "record{" + String.join(", ", parts) + "}";
            case "variant":
                for (JsonNode c : v.get("cases")) {
                    JsonNode t = c.get("type");
                    parts.add(c.get("name").asText() + (isNull(t) ? "" : "(" + ref(t) + ")"));
                }
                return "variant{" + String.join(", ", parts) + "}";
            case "enum":
                for (JsonNode c : v.get("cases")) {
                    parts.add(c.get("name").asText());
                }
                return "enum{" + String.join(", ", parts) + "}";
            case "flags":
                for (JsonNode f : v.get("flags")) {
                    parts.add(f.get("name").asText());
                }
                return "flags{" + String.join(", ", parts) + "}";
            case "tuple":
                for (JsonNode t : v.get("types")) {
                    parts.add(ref(t));
                }
                return "tuple<" + String.join(", ", parts) + ">";
            case "list":
                return "list<" + ref(v) + ">";
            case "fixed-length-list":
                return "list<" + ref(v.get(0)) + ", " + v.get(1).asLong() + ">";
            case "map":
                return "map<" + ref(v.get(0)) + ", " + ref(v.get(1)) + ">";
            case "option":
                return "option<" + ref(v) + ">";
            case "result":
                return "result<" + optionalRef(v.get("ok")) + ", " + optionalRef(v.get("err")) + ">";
            case "future":
            case "stream":
                return e.getKey() + (isNull(v) ? "" : "<" + ref(v) + ">");
            case "handle":
                Map.Entry<String, JsonNode> h = v.fields().next();
                return h.getKey() + "<" + resourceRef(h.getValue().asInt()) + ">";
            default:
                return "?unknown kind " + kind;
        }
    }
}
