package dev.wasiotel.host.component;

/**
 * Splits {@code ns:pkg/iface@version} names and decides which versions are compatible, as the
 * component host matches imports: same name; for versions {@code >= 1.0.0} the same major; for
 * {@code 0.y.z} with {@code y >= 1} the same minor; {@code 0.0.z} and pre-releases exactly.
 */
final class Semver {
    private Semver() {
    }

    /** The name without its version: {@code wasi:otel/tracing}. */
    static String unversioned(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The version, or null. */
    static String version(String name) {
        int at = name.indexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }

    /**
     * The part of a version that must be equal for two versions to be compatible: {@code "1"} for
     * 1.4.2, {@code "0.2"} for 0.2.10, the whole version for 0.0.z, pre-releases and anything that
     * is not {@code MAJOR.MINOR.PATCH}.
     */
    static String compatibilityKey(String version) {
        if (version == null) {
            return "";
        }
        if (version.indexOf('-') >= 0 || version.indexOf('+') >= 0) {
            return version;
        }
        String[] parts = version.split("\\.", -1);
        if (parts.length != 3) {
            return version;
        }
        for (String p : parts) {
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit)) {
                return version;
            }
        }
        if (!parts[0].equals("0")) {
            return parts[0];
        }
        if (!parts[1].equals("0")) {
            return "0." + parts[1];
        }
        return version;
    }

    /** Whether a host interface named {@code provided} may serve an import named {@code wanted}. */
    static boolean compatible(String wanted, String provided) {
        return unversioned(wanted).equals(unversioned(provided))
                && compatibilityKey(version(wanted)).equals(compatibilityKey(version(provided)));
    }

    /** Compares two versions numerically where they are numeric, for choosing the newest. */
    static int compare(String a, String b) {
        String[] pa = a == null ? new String[0] : a.split("[.\\-+]");
        String[] pb = b == null ? new String[0] : b.split("[.\\-+]");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].chars().allMatch(Character::isDigit) && pb[i].chars().allMatch(Character::isDigit)
                    && !pa[i].isEmpty() && !pb[i].isEmpty() && pa[i].length() < 10 && pb[i].length() < 10) {
                c = Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
