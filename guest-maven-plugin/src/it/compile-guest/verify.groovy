// (g): the machine and its announcement are in target/classes; the project's code ran on it; the
// second build compiled nothing
import java.nio.file.*

File classes = new File(basedir, 'target/classes')
File index = new File(classes, 'META-INF/wasi-otel/precompiled')
File[] announcements = index.listFiles()
assert announcements != null && announcements.length == 1
assert announcements[0].name ==~ /[0-9a-f]{64}/
String machine = announcements[0].text.trim()
assert machine == 'dev.wasiotel.precompiled.M' + announcements[0].name + 'Machine'
assert new File(classes, machine.replace('.', '/') + '.class').isFile()
assert new File(classes, 'com/example/guest/Main.class').isFile()

// both builds' output (whether invoker keeps them in one build.log or one per run)
File[] logs = basedir.listFiles({ d, n -> n.startsWith('build') && n.endsWith('.log') } as FilenameFilter)
String all = logs.collect { it.text }.join('\n')
assert all.contains('compiled 1 core module(s) of add.wasm')
assert all.contains('no function left to the interpreter')
assert all.contains('add(40, 2) = 42, precompiled: true, stripped: true')
assert new File(classes, 'META-INF/wasi-otel/stripped/' + announcements[0].name + '.wasm').isFile()
assert all.contains('precompiled machines of add.wasm are up to date')
return true
