import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct GlossaryLintTests {
    func lint(_ path: String, require: [String] = []) throws -> [Diagnostic] {
        try GlossaryLint.lint(paths: [Fixtures.url(path).path], options: .init(requiredLanguages: require)).diagnostics
    }

    func rules(_ ds: [Diagnostic]) -> [String: [Diagnostic]] { Dictionary(grouping: ds, by: \.rule) }

    @Test func everyRuleFiresWhereItShould() throws {
        let r = rules(try lint("fixtures/glossary/lint-problems.yaml", require: ["en", "es"]))
        func lines(_ rule: String) -> [Int] { (r["glossary.\(rule)"] ?? []).compactMap(\.location.line) }
        #expect(lines("duplicate-concept").contains(10))   // second realm-zhuji (error) + note at the first (line 4)
        #expect(r["glossary.duplicate-concept"]?.contains { $0.severity == .note && $0.location.line == 4 } == true)
        #expect(lines("conflicting-translation") == [16])  // 筑基 again, translated differently
        #expect(lines("deprecated-preferred") == [9])      // Foundation Building deprecated here, preferred in misc-base
        #expect(lines("whitespace") == [26])
        #expect(lines("empty-term") == [27])
        #expect(lines("mixed-width") == [27])
        #expect(lines("language-tag").count == 1)
        #expect(lines("missing-source") == [29])
        #expect(r["glossary.missing-language"]?.count == 8)  // no concept has es
        #expect(r["glossary.shadowing"]?.first?.message.contains("'林'") == true)
        #expect(Set(r["glossary.invalid-value"]?.map(\.message) ?? []).count == 2)  // pos properNoun, gender male
        // Carets: the offending source line rides along.
        let ws = try #require(r["glossary.whitespace"]?.first)
        #expect(ws.sourceLine == "      zh-Hans: [\" 丹田\"]")
        #expect(ws.severity == .error)
    }

    @Test func textAndJSONRendering() throws {
        let report = try GlossaryLint.lint(paths: [Fixtures.url("fixtures/glossary/lint-problems.yaml").path])
        let text = report.renderText()
        #expect(text.contains("lint-problems.yaml:26:17: error[glossary.whitespace]: zh-Hans term ' 丹田' has leading or trailing whitespace"))
        let json = try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as! [String: Any]
        let diags = json["diagnostics"] as! [[String: Any]]
        #expect(diags.allSatisfy { Set($0.keys).isSuperset(of: ["file", "line", "column", "severity", "rule", "message"]) })
        #expect(report.errorCount > 0)
    }

    @Test func malformedFilesBecomeSyntaxErrors() throws {
        let ds = try lint("fixtures/glossary/broken.yaml")
        #expect(ds.count == 1 && ds[0].rule == "glossary.syntax" && ds[0].location.line == 4)
        #expect(throws: ChuhaiError.self) { try lint("fixtures/glossary/missing.yaml") }
    }

    @Test(arguments: GlossaryCodecTests.shipped)
    func shippedGlossariesHaveNoErrors(path: String) throws {
        let ds = try lint(path)
        let errors = ds.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(10).map(\.description).joined(separator: "\n"))")
    }

    @Test func shippedGlossariesExist() {
        #expect(GlossaryCodecTests.shipped.count >= 1)
    }

    @Test func formatterSortsByPinyinAndIsIdempotent() throws {
        let loaded = try GlossaryIO.read(path: Fixtures.url("fixtures/glossary/small.yaml").path)
        let once = GlossaryFormatter.canonical(loaded.glossary)
        // dān tián < lín dòng < zhù jī
        #expect(once.concepts.map(\.id) == ["body-dantian", "name-lindong", "realm-zhuji"])
        #expect(GlossaryFormatter.canonical(once) == once)
        let text = GlossaryFormatter.format(loaded)
        let again = try GlossaryIO.decode(Data(text.utf8), file: "f.yaml")
        #expect(GlossaryFormatter.format(again) == text)
    }

    @Test func mergeReportsEveryConflict() throws {
        let a = try GlossaryIO.load(path: Fixtures.url("fixtures/glossary/small.yaml").path)
        var b = a
        b.concepts[0].note = "Different note"
        b.concepts[0].setTerms([Term("Foundation Building", status: .admitted), Term("Base Building")], for: "en")
        b.concepts.append(Concept(id: "new-one", terms: [("zh-Hans", [Term("新")])]))
        let (merged, conflicts) = GlossaryMerger.merge([a, b])
        #expect(merged.concepts.count == 4)
        #expect(conflicts.count == 3)  // note, Foundation Building status, second preferred
        let en = merged.concepts[0].terms("en").map(\.text)
        #expect(en == ["Foundation Establishment", "Foundation Building", "Base Building"])
        #expect(merged.concepts[0].terms("en")[2].status == .admitted)
    }
}
