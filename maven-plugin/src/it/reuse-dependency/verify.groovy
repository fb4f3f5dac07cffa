// app generated only its own world's glue; every wasi:* class comes from otel-bindings
File gen = new File(basedir, 'app/target/generated-sources/wit')
List<String> files = []
gen.eachFileRecurse(groovy.io.FileType.FILES) { files << gen.toPath().relativize(it.toPath()).toString() }
assert files.any { it.endsWith('com/example/app/my/app/host/HostLinker.java') } : files
assert !files.any { it.contains('/wasi/') } : files
String linker = new File(gen, 'com/example/app/my/app/host/HostLinker.java').text
assert linker.contains('import com.example.otel.wasi.otel.tracing.TracingHost;')
assert new File(basedir, 'app/target/classes/com/example/app/AppHost.class').isFile()
assert new File(basedir, 'app/target/app-1.0-SNAPSHOT.jar').isFile()
return true
