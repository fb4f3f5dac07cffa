package dev.wasiotel.wit.parser.model;

/**
 * What loading a WIT path gives: the whole model and which of its packages is the one the path
 * named (the others came from {@code deps/}, extra roots or nested {@code package} blocks).
 *
 * @param resolve the model
 * @param mainPackage index into {@link Resolve#packages()}
 */
public record ResolvedPackage(Resolve resolve, int mainPackage) {

    /** The main package. */
    public Package main() {
        return resolve.packages().get(mainPackage);
    }
}
