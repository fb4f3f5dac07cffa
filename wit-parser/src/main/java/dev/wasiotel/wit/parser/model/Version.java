package dev.wasiotel.wit.parser.model;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0) as WIT uses it in package names and gates.
 *
 * @param major major number
 * @param minor minor number
 * @param patch patch number
 * @param preRelease dot-separated pre-release identifiers, empty if none
 * @param build build metadata, empty if none (ignored by ordering and equality of meaning)
 */
public record Version(BigInteger major, BigInteger minor, BigInteger patch, String preRelease, String build)
        implements Comparable<Version> {

    private static final String NUM = "(0|[1-9][0-9]*)";
    private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final String BUILD_ID = "[0-9a-zA-Z-]+";
    private static final Pattern SEMVER = Pattern.compile(NUM + "\\." + NUM + "\\." + NUM
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
            + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");

    /**
     * Parses {@code text}, or returns {@code null} if it is not a valid semantic version.
     */
    public static Version parseOrNull(String text) {
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            return null;
        }
        for (int g = 1; g <= 3; g++) {
            // Like the reference (Rust's semver): each number must fit in a u64.
            if (new BigInteger(m.group(g)).bitLength() > 64) {
                return null;
            }
        }
        return new Version(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)),
                m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5));
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} if it is not a version. */
    public static Version parse(String text) {
        Version v = parseOrNull(text);
        if (v == null) {
            throw new IllegalArgumentException("not a semantic version: " + text);
        }
        return v;
    }

    /** Semver precedence: build metadata is ignored, a pre-release sorts before its release. */
    @Override
    public int compareTo(Version o) {
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        String[] a = preRelease.split("\\.");
        String[] b = o.preRelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean an = a[i].chars().allMatch(Character::isDigit);
            boolean bn = b[i].chars().allMatch(Character::isDigit);
            int r;
            if (an && bn) {
                r = new BigInteger(a[i]).compareTo(new BigInteger(b[i]));
            } else if (an != bn) {
                r = an ? -1 : 1;
            } else {
                r = a[i].compareTo(b[i]);
            }
            if (r != 0) {
                return r;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
                + (build.isEmpty() ? "" : "+" + build);
    }
}
