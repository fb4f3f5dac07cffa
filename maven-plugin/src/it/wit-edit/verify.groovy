// (c): the second build saw the edited WIT
File pkg = new File(basedir, 'target/generated-sources/wit/com/example/greet/my/greet/greeter')
assert !new File(pkg, 'Farewell.java').exists() : 'the removed type is gone'
assert new File(pkg, 'Greeting.java').isFile()
String api = new File(pkg, 'Greeter.java').text
assert api.contains('String helloTwice(Greeting g);')
assert !api.contains('bye(')
assert !new File(basedir, 'target/generated-sources/wit/.wit-bindings-default.stamp').text.contains('Farewell')
String log = new File(basedir, 'build.log').text
assert log.contains('1 deleted')
return true
