// (b): after the second build every generated file is older than the marker that build wrote first
File out = new File(basedir, 'target/generated-sources/wit')
File marker = new File(basedir, 'target/second-build.marker')
assert marker.isFile()
List<File> generated = []
out.eachFileRecurse(groovy.io.FileType.FILES) { generated << it }
assert generated.size() > 3
generated.each { f ->
    assert f.lastModified() < marker.lastModified() : "rewritten by the second build: " + f
}
String log = new File(basedir, 'build.log').text
assert log.contains('WIT bindings are up to date')
return true
