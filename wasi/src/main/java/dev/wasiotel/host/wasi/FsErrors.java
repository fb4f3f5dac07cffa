package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.wit.runtime.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;
import java.util.Optional;

/** Maps Java's I/O failures onto {@code wasi:filesystem/types.error-code}. */
final class FsErrors {
    private FsErrors() {
    }

    /** The error code for {@code failure}; {@code io} when nothing more precise is known. */
    static ErrorCode code(IOException failure) {
        if (failure instanceof FsException fs) {
            return fs.code();
        }
        if (failure instanceof NoSuchFileException) {
            return ErrorCode.NO_ENTRY;
        }
        if (failure instanceof FileAlreadyExistsException) {
            return ErrorCode.EXIST;
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return ErrorCode.NOT_EMPTY;
        }
        if (failure instanceof NotDirectoryException) {
            return ErrorCode.NOT_DIRECTORY;
        }
        if (failure instanceof AccessDeniedException) {
            return ErrorCode.ACCESS;
        }
        if (failure instanceof FileSystemLoopException) {
            return ErrorCode.LOOP;
        }
        if (failure instanceof NotLinkException) {
            return ErrorCode.INVALID;
        }
        if (failure instanceof ClosedChannelException) {
            return ErrorCode.BAD_DESCRIPTOR;
        }
        if (failure instanceof FileSystemException fse && fse.getReason() != null) {
            return fromReason(fse.getReason());
        }
        return fromReason(String.valueOf(failure.getMessage()));
    }

    /** The OS's strerror text, which is all Java keeps of errno for the cases without a subclass. */
    private static ErrorCode fromReason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("is a directory")) {
            return ErrorCode.IS_DIRECTORY;
        }
        if (r.contains("not a directory")) {
            return ErrorCode.NOT_DIRECTORY;
        }
        if (r.contains("too many levels of symbolic links")) {
            return ErrorCode.LOOP;
        }
        if (r.contains("file name too long")) {
            return ErrorCode.NAME_TOO_LONG;
        }
        if (r.contains("read-only file system")) {
            return ErrorCode.READ_ONLY;
        }
        if (r.contains("no space left")) {
            return ErrorCode.INSUFFICIENT_SPACE;
        }
        if (r.contains("directory not empty")) {
            return ErrorCode.NOT_EMPTY;
        }
        if (r.contains("invalid argument")) {
            return ErrorCode.INVALID;
        }
        if (r.contains("cross-device")) {
            return ErrorCode.CROSS_DEVICE;
        }
        if (r.contains("file too large")) {
            return ErrorCode.FILE_TOO_LARGE;
        }
        if (r.contains("permission denied")) {
            return ErrorCode.ACCESS;
        }
        if (r.contains("operation not permitted")) {
            return ErrorCode.NOT_PERMITTED;
        }
        return ErrorCode.IO;
    }

    /** Runs a filesystem operation; any failure becomes its error code, never an exception. */
    static <T> Result<T, ErrorCode> attempt(FsCall<T> call) {
        try {
            return Result.ok(call.run());
        } catch (IOException e) {
            return Result.err(code(e));
        } catch (UncheckedIOException e) {
            return Result.err(code(e.getCause()));
        } catch (DirectoryIteratorException e) {
            return Result.err(code(e.getCause()));
        } catch (InvalidPathException e) {
            return Result.err(ErrorCode.INVALID);
        } catch (SecurityException e) {
            return Result.err(ErrorCode.ACCESS);
        } catch (UnsupportedOperationException e) {
            return Result.err(ErrorCode.UNSUPPORTED);
        }
    }

    /** A filesystem operation. */
    @FunctionalInterface
    interface FsCall<T> {
        T run() throws IOException;
    }

    /** A stream error of a file, carrying its error code. */
    static WasiError streamError(String what, IOException failure) {
        return new WasiError(what + " failed: " + failure.getMessage(), Optional.of(code(failure)));
    }

    /** A failure this host decides on itself (sandbox refusal, permission), with its code. */
    static final class FsException extends IOException {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        FsException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        ErrorCode code() {
            return code;
        }
    }

    /** A failure with {@code code}. */
    static FsException of(ErrorCode code, String message) {
        return new FsException(code, message);
    }
}
