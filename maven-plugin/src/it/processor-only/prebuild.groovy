// Copies the wasi:otel WIT from ../shared into the test project's src/main/wit (where a user keeps it).
import java.nio.file.*

Path from = Paths.get(sharedDir, 'wit', 'wasi-otel')
Path to = basedir.toPath().resolve('src/main/wit')
if (!Files.isDirectory(from)) {
    throw new IllegalStateException("the shared WIT is missing: " + from)
}
Files.walk(from).sorted().each { p ->
    Path dest = to.resolve(from.relativize(p).toString())
    if (Files.isDirectory(p)) {
        Files.createDirectories(dest)
    } else {
        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING)
    }
}
return true
