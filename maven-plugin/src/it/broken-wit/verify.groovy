// (d): the failure names broken.wit:4:37 and shows the line with a caret
String log = new File(basedir, 'build.log').text
assert log.contains('broken.wit:4:37: expected \')\', found \';\'')
assert log.contains('import log: func(message: string;')
assert log =~ /(?m)^\[ERROR\]\s+\^\s*$/
assert !new File(basedir, 'target/generated-sources/wit/.wit-bindings-default.stamp').exists()
return true
