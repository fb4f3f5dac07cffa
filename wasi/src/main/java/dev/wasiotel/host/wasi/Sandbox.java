package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a guest's path relative to a directory descriptor without ever leaving that directory:
 * the path is walked one component at a time, {@code ..} may not climb above the directory,
 * absolute paths are refused, and every symbolic link met on the way is expanded here (not by the
 * OS), so a link pointing out of the directory, or to an absolute path, is refused too. All such
 * refusals are {@code not-permitted}, as in wasmtime.
 *
 * <p>The resolved path contains no symbolic link except, when it is not followed, as its last
 * component; callers then act on it with {@link LinkOption#NOFOLLOW_LINKS}. Java offers no
 * {@code openat}, so a directory the host itself swaps for a link between resolution and use is not
 * guarded against; the guest cannot do that faster than its own calls return.
 */
final class Sandbox {
    /** Like Linux's limit on links followed in one lookup. */
    static final int MAX_SYMLINKS = 40;
    /** Like PATH_MAX; longer paths are {@code name-too-long}. */
    static final int MAX_PATH_LENGTH = 4096;

    private Sandbox() {
    }

    /**
     * Where {@code path} leads from {@code root}.
     *
     * @param root the directory the path is relative to (a real path: no links in it)
     * @param followLast whether a symbolic link as the last component is followed
     * @return the host path and whether it is {@code root} itself
     * @throws IOException with the error code to report (see {@link FsErrors#code})
     */
    static Resolved resolve(Path root, String path, boolean followLast) throws IOException {
        if (path.isEmpty()) {
            throw FsErrors.of(ErrorCode.NO_ENTRY, "empty path");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw FsErrors.of(ErrorCode.NAME_TOO_LONG, "path longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.indexOf('\0') >= 0) {
            throw FsErrors.of(ErrorCode.INVALID, "path contains a NUL character");
        }
        if (path.startsWith("/")) {
            throw FsErrors.of(ErrorCode.NOT_PERMITTED, "absolute path " + path + " is outside the directory");
        }
        boolean mustBeDirectory = path.endsWith("/");
        Deque<String> pending = new ArrayDeque<>(components(path));
        List<String> walked = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.equals("..")) {
                if (walked.isEmpty()) {
                    throw FsErrors.of(ErrorCode.NOT_PERMITTED, "path " + path + " leads outside the directory");
                }
                walked.remove(walked.size() - 1);
                continue;
            }
            Path candidate = join(root, walked).resolve(name);
            boolean last = pending.isEmpty();
            if ((!last || followLast || mustBeDirectory) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_SYMLINKS) {
                    throw FsErrors.of(ErrorCode.LOOP, "more than " + MAX_SYMLINKS + " symbolic links in " + path);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    throw FsErrors.of(ErrorCode.NOT_PERMITTED,
                            "symbolic link " + name + " points to the absolute path " + target);
                }
                List<String> expansion = components(target);
                for (int i = expansion.size() - 1; i >= 0; i--) {
                    pending.addFirst(expansion.get(i));
                }
                continue;
            }
            if (!last) {
                requireDirectory(candidate);
            }
            walked.add(name);
        }
        Path resolved = join(root, walked);
        if (mustBeDirectory && !walked.isEmpty()) {
            requireDirectory(resolved);
        }
        return new Resolved(resolved, walked.isEmpty());
    }

    /** A resolved path, and whether it is the directory itself (which mutations must not touch). */
    record Resolved(Path path, boolean isRoot) {
    }

    private static void requireDirectory(Path p) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw FsErrors.of(ErrorCode.NO_ENTRY, "no such file or directory: " + p.getFileName());
        }
        if (!attrs.isDirectory()) {
            throw FsErrors.of(ErrorCode.NOT_DIRECTORY, p.getFileName() + " is not a directory");
        }
    }

    /** The non-empty components other than {@code .}. */
    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }
}
