// (a): the bindings were generated into target/generated-sources/wit and compiled with the host class
File gen = new File(basedir, 'target/generated-sources/wit/com/example/host/bindings')
assert new File(gen, 'wasi/otel/tracing/Tracing.java').isFile()
assert new File(gen, 'wasi/otel/imports/ImportsLinker.java').isFile()
assert new File(basedir, 'target/generated-sources/wit/.wit-bindings-default.stamp').isFile()
assert new File(basedir, 'target/classes/com/example/host/PrintingTracing.class').isFile()
assert new File(basedir, 'target/classes/com/example/host/bindings/wasi/otel/tracing/TracingHost.class').isFile()
// the index that lets other projects reuse these bindings is packaged as a resource
assert new File(basedir, 'target/classes/META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties').isFile()
String log = new File(basedir, 'build.log').text
assert log.contains('generated WIT bindings from')
// the help goal shows the documentation the plugin tooling generated from the Mojo's Javadoc
assert log.contains('wit:generate-bindings')
assert log.contains('The Java package every generated package starts with')
return true
