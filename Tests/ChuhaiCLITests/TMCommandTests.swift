import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct TMCommandTests {
    @Test func importDeduplicatesAndExportFiltersByLanguage() throws {
        let dir = try Fixtures.temporaryDirectory()
        let mem = dir.appendingPathComponent("m.tmx").path
        let first = try CLI.run(["tm", "import", "fixtures/interchange/memory.tmx", "--into", mem])
        #expect(first.status == 0 && first.stdout == "\(mem): 3 units (3 added)\n")
        #expect(first.stderr.contains("warning[tmx.incomplete-tu]"))
        let second = try CLI.run(["tm", "import", "fixtures/interchange/memory.tmx", "--into", mem])
        #expect(second.stdout == "\(mem): 3 units (0 added)\n")
        let out = dir.appendingPathComponent("es.tmx").path
        let e = try CLI.run(["tm", "export", mem, "--lang", "es", "-o", out])
        #expect(e.status == 0 && e.stdout == "\(out): 1 units\n")
        let tmx = try String(contentsOfFile: out, encoding: .utf8)
        #expect(tmx.contains("<tuv xml:lang=\"es\"><seg>Por fin alcanzó el Establecimiento de la Fundación.</seg></tuv>"))
        #expect(try CLI.run(["tm", "import", "fixtures/interchange/malformed.xlf", "--into", mem]).status == 2)
    }
}
