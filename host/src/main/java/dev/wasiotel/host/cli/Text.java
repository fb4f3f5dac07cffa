package dev.wasiotel.host.cli;

/** Small text helpers for command output. */
final class Text {
    private Text() {
    }

    /** {@code text} with every line break replaced by a space, so it prints as exactly one line. */
    static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
