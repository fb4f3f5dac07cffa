package dev.wasiotel.wit.runtime;

import java.util.List;

/**
 * A guest module cannot be linked: some of its imports are not provided by the host, or are
 * provided with another signature. All problems of the module are reported together, before any
 * guest code runs.
 */
public final class LinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception for all {@code problems}, each naming one import. */
    public LinkException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per unlinkable import, e.g. {@code missing function test:demo/host#add (param i32 i32) (result i32)}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder sb = new StringBuilder("cannot link the guest module: ")
                .append(problems.size())
                .append(problems.size() == 1 ? " import is" : " imports are")
                .append(" not satisfied");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
