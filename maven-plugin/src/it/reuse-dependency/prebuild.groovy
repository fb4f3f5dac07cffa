// Copies the wasi:otel WIT from ../shared into otel-bindings/src/main/wit.
import java.nio.file.*

Path from = Paths.get(sharedDir, 'wit', 'wasi-otel')
Path to = basedir.toPath().resolve('otel-bindings/src/main/wit')
Files.walk(from).sorted().each { p ->
    Path dest = to.resolve(from.relativize(p).toString())
    if (Files.isDirectory(p)) {
        Files.createDirectories(dest)
    } else {
        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING)
    }
}
return true
