package dev.wasiotel.otel;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.Optional;

/**
 * Normalises guest trace and span ids (hex strings by the WIT) the way DESIGN §5 prescribes:
 * upper-case digits are lower-cased and short ids left-padded with zeros (both counted), while an
 * id that is empty, all zero, longer than its size or not hex is invalid.
 */
final class Ids {
    /** Hex digits of a trace id. */
    static final int TRACE_HEX = TraceId.getLength();
    /** Hex digits of a span id. */
    static final int SPAN_HEX = SpanId.getLength();

    private Ids() {
    }

    /** The normalised trace id, or empty if it is invalid (empty, all zero, too long, not hex). */
    static Optional<String> traceId(String id, Diagnostics diag) {
        return normalise(id, TRACE_HEX, diag);
    }

    /** The normalised span id, or empty if it is invalid. */
    static Optional<String> spanId(String id, Diagnostics diag) {
        return normalise(id, SPAN_HEX, diag);
    }

    /** Whether {@code id} means "no id": empty or only zeros (e.g. the parent of a root span). */
    static boolean isAbsent(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} is non-empty, at most {@code size} characters, and all hex digits. */
    static boolean isHex(String id, int size) {
        if (id.isEmpty() || id.length() > size) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || id.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code id} is already a normal id: exactly {@code size} lower-case hex digits, not all
     * zero — what guest SDKs send, checked in one pass so that the common case needs no repair.
     */
    static boolean isCanonical(String id, int size) {
        if (id.length() != size) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < size; i++) {
            char c = id.charAt(i);
            if (c >= 'a' && c <= 'f') {
                nonZero = true;
            } else if (c >= '1' && c <= '9') {
                nonZero = true;
            } else if (c != '0') {
                return false;
            }
        }
        return nonZero;
    }

    private static Optional<String> normalise(String id, int size, Diagnostics diag) {
        if (isCanonical(id, size)) {
            return Optional.of(id);
        }
        if (!isHex(id, size) || isAbsent(id)) {
            return Optional.empty();
        }
        String s = id;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals(s)) {
            diag.record(Repair.ID_CASE_FOLDED, "id " + id);
            s = lower;
        }
        if (s.length() < size) {
            diag.record(Repair.ID_PADDED, "id " + id);
            s = "0".repeat(size - s.length()) + s;
        }
        return Optional.of(s);
    }

    /**
     * An exemplar id: hex as usual, empty for "no span", or the raw id bytes as characters (what
     * some guest SDKs send), which are hex-encoded. Returns empty for "no id".
     */
    static Optional<String> exemplarId(String id, int size, Diagnostics diag) {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (isHex(id, size)) {
            return isAbsent(id) ? Optional.empty() : normalise(id, size, diag);
        }
        if (id.length() == size / 2 && id.chars().allMatch(c -> c <= 0xff)) {
            StringBuilder sb = new StringBuilder(size);
            for (int i = 0; i < id.length(); i++) {
                sb.append(Character.forDigit(id.charAt(i) >> 4, 16)).append(Character.forDigit(id.charAt(i) & 0xf, 16));
            }
            diag.record(Repair.EXEMPLAR_RAW_BYTE_ID, "exemplar id given as " + id.length() + " raw bytes");
            String hex = sb.toString();
            return isAbsent(hex) ? Optional.empty() : Optional.of(hex);
        }
        diag.record(Repair.EXEMPLAR_ID_INVALID, "exemplar id '" + AnyValues.abbreviate(id) + "' (" + id.length() + " chars)");
        return Optional.empty();
    }
}
