package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.NewTimestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.DateTimeException;
import java.time.Instant;

/** {@code set-times} and {@code set-times-at}: a guest's new timestamps onto a host file. */
final class FsTimes {
    private FsTimes() {
    }

    /** Sets the access and modification times of {@code target} (not following a final link). */
    static void set(Path target, NewTimestamp access, NewTimestamp modification, WasiClock clock) throws IOException {
        BasicFileAttributeView view = Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw FsErrors.of(ErrorCode.UNSUPPORTED, "timestamps cannot be set here");
        }
        view.setTimes(fileTime(modification, clock), fileTime(access, clock), null);
    }

    /** The file time for {@code t}; null for no change. */
    private static FileTime fileTime(NewTimestamp t, WasiClock clock) throws IOException {
        if (t instanceof NewTimestamp.NoChange) {
            return null;
        }
        if (t instanceof NewTimestamp.Now) {
            long nanos = clock.wallClockNanos();
            return FileTime.from(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
        }
        NewTimestamp.Timestamp at = (NewTimestamp.Timestamp) t;
        long seconds = at.value().seconds();
        long nanos = at.value().nanoseconds();
        // both are unsigned in WIT: a negative long is beyond 2^63
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) {
            throw FsErrors.of(ErrorCode.INVALID, "timestamp out of range");
        }
        try {
            return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
        } catch (DateTimeException e) {
            throw FsErrors.of(ErrorCode.OVERFLOW, "timestamp out of range");
        }
    }
}
