// (e): javac ran the processor, which found src/main/wit from the class output folder
File gen = new File(basedir, 'target/generated-sources/annotations/com/example/host')
assert new File(gen, 'wasi/otel/tracing/Tracing.java').isFile()
assert new File(gen, 'wasi/otel/imports/ImportsBindings.java').isFile()
assert new File(basedir, 'target/classes/com/example/host/OtelHost.class').isFile()
assert new File(basedir, 'target/classes/com/example/host/wasi/otel/tracing/TracingHost.class').isFile()
assert new File(basedir, 'target/classes/META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties').isFile()
assert !new File(basedir, 'target/generated-sources/wit').exists()
return true
