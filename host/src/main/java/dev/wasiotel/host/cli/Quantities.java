package dev.wasiotel.host.cli;

import dev.wasiotel.wit.runtime.GuestLimits;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The durations and sizes of {@code wasi-otel run}'s limit options, parsed strictly: a whole
 * number and a unit, nothing else, so that a typo is an error rather than a surprising limit.
 *
 * <ul>
 *   <li>Durations ({@code --timeout}): {@code ms}, {@code s}, {@code m}, {@code h}, e.g. {@code
 *       500ms}, {@code 2s}, {@code 1m}; {@code 0} (any unit, or none) means no deadline.
 *   <li>Sizes ({@code --max-memory}): a number of bytes, or with a binary unit {@code k}/{@code
 *       K}/{@code KiB} (1024), {@code m}/{@code M}/{@code MiB} (1024²), {@code g}/{@code
 *       G}/{@code GiB} (1024³) as the JVM's {@code -Xmx} reads them, or a decimal (SI) unit
 *       {@code kB}/{@code KB}, {@code MB}, {@code GB} (powers of 1000); at most 4 GiB, what a
 *       32-bit memory can address.
 * </ul>
 */
final class Quantities {
    private static final Pattern NUMBER_UNIT = Pattern.compile("([0-9]{1,19})\\s*([A-Za-z]*)");

    /** The accepted duration units, for messages. */
    static final String DURATION_UNITS = "ms, s, m, h";
    /** The accepted size units, for messages. */
    static final String SIZE_UNITS = "B, k/K/KiB, m/M/MiB, g/G/GiB (1024^n), kB/KB, MB, GB (1000^n)";

    private Quantities() {
    }

    /**
     * A duration such as {@code 2s}, {@code 500ms}, {@code 1m} or {@code 1h}.
     *
     * @param text the text as given
     * @return the duration, {@link Duration#ZERO} for {@code 0}
     * @throws IllegalArgumentException naming what is wrong
     */
    static Duration duration(String text) {
        Matcher m = NUMBER_UNIT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("`" + text + "` is not a duration: write a whole number and a unit ("
                    + DURATION_UNITS + "), e.g. 2s or 500ms");
        }
        long amount = number(m.group(1), text);
        String unit = m.group(2);
        if (unit.isEmpty()) {
            if (amount == 0) {
                return Duration.ZERO;
            }
            throw new IllegalArgumentException("`" + text + "` has no unit: write e.g. " + amount + "s or " + amount
                    + "ms");
        }
        try {
            switch (unit) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default:
                    throw new IllegalArgumentException("`" + text + "`: unknown unit `" + unit + "` (use "
                            + DURATION_UNITS + ")");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("`" + text + "` is too long a duration", e);
        }
    }

    /**
     * A size in bytes such as {@code 64MiB}, {@code 1GiB}, {@code 512k} or {@code 1048576}.
     *
     * @param text the text as given
     * @return the number of bytes
     * @throws IllegalArgumentException naming what is wrong, also for more than 4 GiB
     */
    static long size(String text) {
        Matcher m = NUMBER_UNIT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("`" + text + "` is not a size: write a whole number and a unit ("
                    + SIZE_UNITS + "), e.g. 64MiB");
        }
        long amount = number(m.group(1), text);
        long unit = switch (m.group(2)) {
            case "", "B" -> 1;
            case "k", "K", "KiB" -> 1L << 10;
            case "m", "M", "MiB" -> 1L << 20;
            case "g", "G", "GiB" -> 1L << 30;
            case "kB", "KB" -> 1_000;
            case "MB" -> 1_000_000;
            case "GB" -> 1_000_000_000;
            default -> throw new IllegalArgumentException("`" + text + "`: unknown unit `" + m.group(2) + "` (use "
                    + SIZE_UNITS + ")");
        };
        if (amount > GuestLimits.MAX_MEMORY32_BYTES / unit) {
            throw new IllegalArgumentException("`" + text + "` is more than 4GiB, all a 32-bit memory can address");
        }
        return amount * unit;
    }

    private static long number(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("`" + text + "`: the number is too large", e);
        }
    }

    /** {@link #duration} for picocli: a bad value is a usage error (exit 2). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link #size} for picocli: a bad value is a usage error (exit 2). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return size(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
