import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct XliffCommandTests {
    /// Adds a target after every segment source (what a translator's CAT tool does).
    static func fill(_ xml: String) -> String {
        var n = 0
        var out = ""
        var rest = Substring(xml)
        while let r = rest.range(of: "</source>\n      </segment>") {
            n += 1
            out += rest[..<r.lowerBound] + "</source>\n        <target>Sentence \(n).</target>\n      </segment>"
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    @Test func exportFillImportThenMemoryPrefillsTheNextExport() throws {
        let dir = try Fixtures.temporaryDirectory()
        let source = "fixtures/demo/novel/zh-Hans/001.txt"
        let e = try CLI.run(["xliff", "export", "--source", source, "--lang", "en", "--glossary", "glossaries/xianxia.yaml", "-o", dir.path])
        #expect(e.status == 0, "\(e.stderr)")
        let file = dir.appendingPathComponent("novel.en.xlf")
        #expect(e.stdout.hasPrefix("\(file.path): 1 files, "))
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(xml.contains("<mrk id=\"m1\" type=\"term\" ref=\"#gls=g1\">山门</mrk>"))
        // Untranslated: notes only, exit 0; with --complete: errors, exit 1.
        #expect(try CLI.run(["xliff", "import", file.path]).status == 0)
        let incomplete = try CLI.run(["xliff", "import", file.path, "--complete"])
        #expect(incomplete.status == 1 && incomplete.stdout.contains("error[xliff.untranslated]"))

        try Self.fill(xml).write(to: file, atomically: true, encoding: .utf8)
        let i = try CLI.run(["xliff", "import", file.path, "--source", source, "--complete", "--disable", "translation.length-ratio"])
        #expect(i.status == 0, "\(i.stdout)")
        #expect(i.stdout.contains("segments translated") && !i.stdout.contains("missing:"))

        let tm = dir.appendingPathComponent("memory.tmx")
        let t = try CLI.run(["tm", "import", file.path, "--into", tm.path])
        #expect(t.status == 0)
        #expect(t.stdout.contains(" units (") && t.stdout.hasPrefix(tm.path))
        let l = try CLI.run(["tm", "lookup", "青云山高九千丈，终年云雾缭绕。", "--memory", tm.path, "--lang", "en"])
        #expect(l.status == 0 && l.stdout.hasPrefix("100%\texact\t青云山高九千丈，终年云雾缭绕。\tSentence "))
        let fuzzy = try CLI.run(["tm", "lookup", "青云山高八千丈，终年云雾缭绕。", "--memory", tm.path, "--lang", "en"])
        #expect(fuzzy.status == 0 && fuzzy.stdout.hasPrefix("93%\tfuzzy"))
        #expect(try CLI.run(["tm", "lookup", "完全无关", "--memory", tm.path, "--lang", "en"]).status == 1)

        let again = try CLI.run(["xliff", "export", "--source", source, "--lang", "en", "--tm", tm.path, "--version", "1.2", "-o", dir.appendingPathComponent("2").path])
        #expect(again.status == 0)
        let counts = again.stdout.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        // Every segment prefilled from the memory.
        #expect(counts[2].hasSuffix("segments") && counts[3] == counts[2].replacingOccurrences(of: "segments", with: "prefilled"))
    }

    @Test func brokenAndMalformedFilesExitWithFindingsOrUnreadable() throws {
        let broken = try CLI.run(["xliff", "import", "fixtures/interchange/broken-codes-2.1.xlf", "--format", "json"])
        #expect(broken.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as! [String: Any]
        let rules = (json["diagnostics"] as! [[String: Any]]).map { $0["rule"] as! String }
        #expect(rules.contains("xliff.code-missing") && rules.contains("xliff.unit-id"))
        let malformed = try CLI.run(["xliff", "import", "fixtures/interchange/malformed.xlf"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("fixtures/interchange/malformed.xlf:4:"))
        #expect(try CLI.run(["xliff", "export", "--source", "nope/", "--lang", "en", "-o", "/tmp"]).status == 2)
        #expect(try CLI.run(["xliff", "export", "--source", "fixtures/demo/novel/zh-Hans", "--lang", "en", "--version", "3", "-o", "/tmp"]).status == 2)
    }

    @Test func resavedFileImportsCleanly() throws {
        let r = try CLI.run(["xliff", "import", "fixtures/interchange/resaved-2.1.xlf"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("XLIFF 2.1, 2 units, 2/2 segments translated"))
    }

    @Test func projectImportStoresTranslationsWhereRunReadsThem() throws {
        let root = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("fixtures/demo"), to: root.appendingPathComponent("fixtures/demo"))
        try FileManager.default.copyItem(at: Fixtures.url("glossaries"), to: root.appendingPathComponent("glossaries"))
        let config = root.appendingPathComponent("fixtures/demo/chuhai.yaml").path
        let out = root.appendingPathComponent("handoff").path
        let e = try CLI.run(["xliff", "export", "--config", config, "--lang", "es", "-o", out])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.contains("qingyun.es.xlf: 230 units"))
        // Prefilled from the parallel files: importing at once rewrites nothing that was complete.
        let chapter = root.appendingPathComponent("fixtures/demo/novel/es/002.txt")
        let before = try Data(contentsOf: chapter)
        let dry = try CLI.run(["xliff", "import", "\(out)/qingyun.es.xlf", "--config", config, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stdout)")
        #expect(dry.stdout.contains("warning[xliff.not-stored]: qingyun-ch0004 not stored: "))
        #expect(dry.stdout.contains("translate them, or import with --partial"))
        #expect(!dry.stdout.contains("would write novel/es/002.txt"))
        let notAProject = try CLI.run(["xliff", "import", "\(out)/qingyun.es.xlf", "--config", root.appendingPathComponent("nope.yaml").path])
        #expect(notAProject.status == 2)
        let badState = try CLI.run(["xliff", "import", "\(out)/qingyun.es.xlf", "--config", config, "--min-state", "done"])
        #expect(badState.status == 2 && badState.stderr.contains("--min-state must be initial, translated, reviewed or final"))
        let mtWithoutProject = try CLI.run(["xliff", "export", "--source", "fixtures/demo/novel/zh-Hans", "--lang", "en", "--mt", "-o", out])
        #expect(mtWithoutProject.status == 2 && mtWithoutProject.stderr.contains("--mt needs --config"))
        #expect(try Data(contentsOf: chapter) == before)
    }
}
