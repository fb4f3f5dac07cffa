package dev.wasiotel.wit.runtime;

import java.util.List;

/**
 * A guest module cannot be linked: some of its imports are not provided by the host, or are
 * provided with another signature, or it declares memories or tables larger than the host's
 * {@link GuestLimits} allow. All problems of the module are reported together, before any guest
 * code runs (and, for limits, before anything is allocated).
 */
public final class LinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final boolean overLimits;

    /** One exception for all {@code problems}, each naming one import. */
    public LinkException(List<String> problems) {
        this(message("cannot link the guest module: ", problems, problems.size() == 1 ? " import is"
                : " imports are", " not satisfied"), problems, false);
    }

    private LinkException(String message, List<String> problems, boolean overLimits) {
        super(message);
        this.problems = List.copyOf(problems);
        this.overLimits = overLimits;
    }

    /**
     * Whether the module was refused for declaring more than the host's limits allow (see {@link
     * #overLimits}), rather than for imports the host does not satisfy.
     */
    public boolean isOverLimits() {
        return overLimits;
    }

    /**
     * The module asks for more than the host's {@link GuestLimits} allow: each problem names a
     * memory or table and its limit, e.g. {@code memory 0's minimum of 65536 pages (4 GiB): its
     * limit is 16384 pages (1 GiB)}.
     */
    public static LinkException overLimits(List<String> problems) {
        return new LinkException(message("cannot instantiate the guest module: ", problems,
                problems.size() == 1 ? " declaration exceeds" : " declarations exceed", " the host's limits"),
                problems, true);
    }

    /**
     * One line per unlinkable import, e.g. {@code missing function test:demo/host#add (param i32
     * i32) (result i32)}, or per declaration over a limit.
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(String lead, List<String> problems, String noun, String verdict) {
        StringBuilder sb = new StringBuilder(lead)
                .append(problems.size())
                .append(noun)
                .append(verdict);
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
