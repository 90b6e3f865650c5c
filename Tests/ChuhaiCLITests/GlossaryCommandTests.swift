import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct GlossaryCommandTests {
    let small = "fixtures/glossary/small.yaml"

    @Test func lintCleanFileExitsZero() throws {
        let r = try CLI.run(["glossary", "lint", small])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func lintErrorsExitOneInCompilerFormat() throws {
        let r = try CLI.run(["glossary", "lint", "fixtures/glossary/lint-problems.yaml", "--require", "en"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("fixtures/glossary/lint-problems.yaml:26:17: error[glossary.whitespace]:"))
        let json = try CLI.run(["glossary", "lint", "fixtures/glossary/lint-problems.yaml", "--format", "json"])
        #expect(json.status == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((doc["diagnostics"] as! [Any]).count > 5)
    }

    @Test func lintMissingFileExitsTwo() throws {
        let r = try CLI.run(["glossary", "lint", "no/such.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no/such.yaml"))
    }

    @Test func convertRoundTripsThroughFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        let tbx = dir.appendingPathComponent("g.tbx").path, csv = dir.appendingPathComponent("g.csv").path
        let yaml = dir.appendingPathComponent("g.yaml").path
        #expect(try CLI.run(["glossary", "convert", small, "--to", "tbx", "-o", tbx]).status == 0)
        #expect(try CLI.run(["glossary", "convert", tbx, "--to", "csv", "-o", csv]).status == 0)
        #expect(try CLI.run(["glossary", "convert", csv, "--to", "yaml", "-o", yaml]).status == 0)
        let original = try CLI.run(["glossary", "convert", small, "--to", "yaml"]).stdout
        #expect(try String(contentsOfFile: yaml, encoding: .utf8) == original)
        #expect(try String(contentsOfFile: tbx, encoding: .utf8).contains("<conceptEntry id=\"realm-zhuji\">"))
    }

    @Test func fmtCheckThenFormat() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("g.yaml")
        try Fixtures.data(small).write(to: file)
        let check = try CLI.run(["glossary", "fmt", "--check", file.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("not formatted"))
        #expect(try CLI.run(["glossary", "fmt", file.path]).status == 0)
        let once = try Data(contentsOf: file)
        #expect(try CLI.run(["glossary", "fmt", "--check", file.path]).status == 0)
        #expect(try CLI.run(["glossary", "fmt", file.path]).status == 0)
        #expect(try Data(contentsOf: file) == once)
    }

    @Test func mergeWritesAndReportsConflicts() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("m.yaml").path
        let r = try CLI.run(["glossary", "merge", small, "fixtures/glossary/spreadsheet.csv", "-o", out])
        #expect(r.status == 1)  // realm-zhuji note differs, es/en differences
        #expect(r.stderr.contains("glossary.merge-conflict"))
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func findJSONLHasByteOffsetsLinesAndCoverage() throws {
        let r = try CLI.run(["glossary", "find", small, "fixtures/glossary/chapter.txt", "--format", "jsonl"])
        #expect(r.status == 0)
        let objects = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let matches = objects.dropLast()
        #expect(matches.map { $0["concept"] as! String } == ["realm-zhuji", "realm-zhuji", "body-dantian", "name-lindong", "realm-zhuji"])
        let text = try String(contentsOfFile: Fixtures.url("fixtures/glossary/chapter.txt").path, encoding: .utf8)
        let bytes = Array(text.utf8)
        for m in matches {
            let s = m["start"] as! Int, e = m["end"] as! Int
            #expect(String(decoding: bytes[s..<e], as: UTF8.self) == m["term"] as! String)
        }
        #expect(matches.map { $0["line"] as! Int } == [1, 2, 2, 3, 3])
        let coverage = objects.last!["coverage"] as! [String: Any]
        #expect(coverage["found"] as? Int == 3 && coverage["concepts"] as? Int == 3)
        let textOut = try CLI.run(["glossary", "find", small, "fixtures/glossary/chapter.txt"])
        #expect(textOut.stdout.contains("fixtures/glossary/chapter.txt:2:4: realm-zhuji 筑基 | 他终于【筑基】了"))
        #expect(textOut.stdout.contains("coverage: 3 of 3 concepts occur"))
    }

    @Test func extractSuggestsUncoveredRepeatedTerms() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("c.txt")
        try Data("萧炎修炼焚诀。\n萧炎又修炼焚诀，筑基了。\n萧炎笑了。\n".utf8).write(to: file)
        let r = try CLI.run(["glossary", "extract", file.path, "--glossary", small])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Ranked by count × length: 修炼焚诀 (2×4) before 萧炎 (3×2); 修炼焚 folds into 修炼焚诀.
        #expect(lines.first?.hasPrefix("2\t修炼焚诀\t") == true)
        #expect(lines.contains { $0.hasPrefix("3\t萧炎\t") && $0.hasSuffix("\t萧炎修炼焚诀。") })
        #expect(!lines.contains { $0.contains("\t修炼焚\t") })
        #expect(!r.stdout.contains("筑基"))
    }

    @Test func strictPromotesWarnings() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("w.yaml")
        try Data("source: zh-Hans\nconcepts:\n  - id: a\n    terms:\n      zh-Hans: [筑基]\n      en:\n        - {term: Foundation Establishment, pos: properNoun}\n".utf8).write(to: file)
        #expect(try CLI.run(["glossary", "lint", file.path]).status == 0)
        let strict = try CLI.run(["glossary", "lint", "--strict", file.path])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error[glossary.invalid-value]"))
    }

    @Test func findTargetLanguageTerms() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("en.txt")
        try Data("He reached FOUNDATION ESTABLISHMENT; his foundation building was shaky.\n".utf8).write(to: file)
        let r = try CLI.run(["glossary", "find", small, file.path, "--lang", "en", "--format", "jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"text\":\"FOUNDATION ESTABLISHMENT\""))
        #expect(lines[1].contains("\"term\":\"Foundation Building\""))
    }
}
