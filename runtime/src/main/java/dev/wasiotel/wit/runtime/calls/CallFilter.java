package dev.wasiotel.wit.runtime.calls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which call sites are traced, from a comma-separated list of patterns, e.g. {@code
 * -wasi:io/*,-wasi:clocks/*} (everything but wasi:io and wasi:clocks) or {@code wasi:otel/*,
 * wasi:filesystem/types#[method]descriptor.read} (only those).
 *
 * <pre>
 * FILTER  := PATTERN ( ',' PATTERN )*      (blanks around patterns are ignored)
 * PATTERN := [ '+' | '-' ] GLOB            ('+' or nothing: include; '-': exclude)
 * GLOB    := text in which '*' stands for any run of characters, also none
 * </pre>
 *
 * A glob with {@code #} is matched against {@code interface#function}; one without against the
 * interface alone; either way with and without the interface's version ({@code wasi:io/streams}
 * matches {@code wasi:io/streams@0.2.0}). A world-level function, a core module's export and a
 * call into a core module's import module are matched by their function name (a core import also
 * by {@code module#name}). Patterns are read in order and the last one that matches a site decides;
 * a site no pattern matches is traced if the first pattern is an exclude (a filter that starts by
 * taking away keeps the rest), not if it is an include (one that starts by naming what it wants
 * keeps only that). The empty filter traces everything.
 */
public final class CallFilter {
    private static final CallFilter ALL = new CallFilter(List.of(), false);

    private final List<Rule> rules;
    /** Whether the first pattern is an include: then sites no pattern matches are not traced. */
    private final boolean startsWithInclude;

    private record Rule(boolean include, boolean qualified, Pattern glob) {
    }

    private CallFilter(List<Rule> rules, boolean startsWithInclude) {
        this.rules = rules;
        this.startsWithInclude = startsWithInclude;
    }

    /** Every site. */
    public static CallFilter all() {
        return ALL;
    }

    /**
     * Reads a filter.
     *
     * @throws IllegalArgumentException naming an empty pattern (e.g. {@code a,,b} or a lone {@code -})
     */
    public static CallFilter parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return ALL;
        }
        List<Rule> rules = new ArrayList<>();

        for (String part : text.split(",", -1)) {
            String p = part.strip();
            boolean include = true;
            if (p.startsWith("-") || p.startsWith("+")) {
                include = p.charAt(0) == '+';
                p = p.substring(1).strip();
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("call filter `" + text + "` has an empty pattern; write"
                        + " comma-separated [+|-]PATTERN, e.g. -wasi:io/*,-wasi:clocks/*");
            }
            rules.add(new Rule(include, p.indexOf('#') >= 0, glob(p)));
        }
        return new CallFilter(List.copyOf(rules), rules.get(0).include());
    }

    /** Whether calls at {@code site} are traced. */
    public boolean traces(CallSite site) {
        boolean traced = !startsWithInclude;
        for (Rule r : rules) {
            if (matches(r, site)) {
                traced = r.include();
            }
        }
        return traced;
    }

    private static boolean matches(Rule r, CallSite site) {
        String iface = site.interfaceName();
        if (iface == null) {
            return r.glob().matcher(site.function()).matches();
        }
        String bare = CallSite.unversioned(iface);
        if (r.qualified()) {
            return r.glob().matcher(iface + "#" + site.function()).matches()
                    || r.glob().matcher(bare + "#" + site.function()).matches();
        }
        return r.glob().matcher(iface).matches() || r.glob().matcher(bare).matches();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
            regex.append(Pattern.quote(glob.substring(start, star))).append(".*");
            start = star + 1;
        }
        regex.append(Pattern.quote(glob.substring(start)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
