package dev.wasiotel.wit.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns WIT names (kebab-case, already without the {@code %} escape) into Java names.
 *
 * <ul>
 *   <li>{@link #lowerCamel}: fields, methods, parameters ({@code parent-span-id} to {@code
 *       parentSpanId});</li>
 *   <li>{@link #upperCamel}: types ({@code span-data} to {@code SpanData});</li>
 *   <li>{@link #upperSnake}: enum constants ({@code low-memory} to {@code LOW_MEMORY});</li>
 *   <li>{@link #packageSegment}: one segment of a Java package ({@code wall-clock} to {@code
 *       wall_clock}: a hyphen becomes an underscore, as the JLS (&#167;6.1) suggests for
 *       hyphenated domain names; since WIT names never hold {@code _}, this is one-to-one).</li>
 * </ul>
 *
 * <p>A word written in capitals ({@code HTTP}) counts as one word: {@code get-HTTP-body} is
 * {@code getHttpBody}. A result that is a Java keyword, a literal ({@code true}, {@code false},
 * {@code null}) or a restricted name ({@code _}, {@code var}, {@code yield}, {@code record},
 * {@code sealed}, {@code permits}) gets the stable suffix {@code _}: {@code record} becomes {@code
 * record_}. Member names that would clash with {@link Object}'s methods ({@code hashCode}, {@code
 * getClass}, ...) get the same suffix from {@link #member}.
 */
public final class JavaNames {

    /** Keywords, literals and restricted identifiers that cannot (or should not) be Java names. */
    private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed",
            "permits", "non-sealed");

    /**
     * Names of {@link Object}'s methods: a generated method or accessor with one of these names
     * would override or clash with them (and record-style accessors may not use them).
     */
    private static final Set<String> OBJECT_METHODS = Set.of("clone", "equals", "finalize", "getClass",
            "hashCode", "notify", "notifyAll", "toString", "wait");

    private JavaNames() {
    }

    /**
     * {@code parent-span-id} to {@code parentSpanId}, escaped if reserved.
     *
     * @param witName a kebab-case WIT name
     * @return a Java identifier
     */
    public static String lowerCamel(String witName) {
        List<String> words = words(witName);
        StringBuilder out = new StringBuilder(words.get(0).toLowerCase(Locale.ROOT));
        for (int i = 1; i < words.size(); i++) {
            out.append(capitalize(words.get(i)));
        }
        return escape(out.toString());
    }

    /**
     * {@code span-data} to {@code SpanData}, escaped if reserved.
     *
     * @param witName a kebab-case WIT name
     * @return a Java identifier
     */
    public static String upperCamel(String witName) {
        StringBuilder out = new StringBuilder();
        for (String word : words(witName)) {
            out.append(capitalize(word));
        }
        return escape(out.toString());
    }

    /**
     * {@code low-memory} to {@code LOW_MEMORY}.
     *
     * @param witName a kebab-case WIT name
     * @return a Java identifier
     */
    public static String upperSnake(String witName) {
        return escape(String.join("_", words(witName)).toUpperCase(Locale.ROOT));
    }

    /**
     * {@code wall-clock} to {@code wall_clock}, lower case, escaped if reserved.
     *
     * @param witName a kebab-case WIT name (a namespace, package, interface or world name)
     * @return a Java package segment
     */
    public static String packageSegment(String witName) {
        return escape(String.join("_", words(witName)).toLowerCase(Locale.ROOT));
    }

    /**
     * A version as a package segment: {@code 0.2.0-rc.2} to {@code v0_2_0_rc_2}.
     *
     * @param version the version text
     * @return a Java package segment
     */
    public static String versionSegment(String version) {
        StringBuilder out = new StringBuilder("v");
        for (char c : version.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return out.toString();
    }

    /**
     * {@link #lowerCamel} for a method or accessor: also escapes the names of {@link Object}'s
     * methods, so that {@code hash-code} becomes {@code hashCode_}.
     *
     * @param witName a kebab-case WIT name
     * @return a Java identifier
     */
    public static String member(String witName) {
        String name = lowerCamel(witName);
        return OBJECT_METHODS.contains(name) ? name + "_" : name;
    }

    /**
     * {@code name} with {@code _} appended if it is reserved in Java.
     *
     * @param name a candidate identifier
     * @return a usable identifier
     */
    public static String escape(String name) {
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /** Whether {@code name} is reserved in Java (so {@link #escape} changes it). */
    static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    private static List<String> words(String witName) {
        List<String> words = new ArrayList<>();
        for (String part : witName.split("-", -1)) {
            if (!part.isEmpty()) {
                words.add(part);
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("not a WIT name: `" + witName + "`");
        }
        if (!Character.isJavaIdentifierStart(words.get(0).charAt(0))) {
            words.set(0, "_" + words.get(0));
        }
        return words;
    }

    /** {@code HTTP} to {@code Http}, {@code body} to {@code Body}, {@code camelCase} to {@code CamelCase}. */
    private static String capitalize(String word) {
        boolean allUpper = word.equals(word.toUpperCase(Locale.ROOT));
        String rest = allUpper ? word.substring(1).toLowerCase(Locale.ROOT) : word.substring(1);
        return Character.toUpperCase(word.charAt(0)) + rest;
    }
}
