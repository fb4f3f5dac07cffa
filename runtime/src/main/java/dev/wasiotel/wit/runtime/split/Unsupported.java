package dev.wasiotel.wit.runtime.split;

/** A function the splitter leaves as it is (an instruction it does not know, exception handling, ...). */
final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
        super(reason, null, false, false);
    }
}
