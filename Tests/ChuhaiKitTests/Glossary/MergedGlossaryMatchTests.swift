import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

/// Regression: with xianxia and urban-drama merged, "elixir field" was not found in
/// "… true essence in his elixir field. After …" (the pipeline then missed a deprecated term).
@Suite struct MergedGlossaryMatchTests {
    @Test func mergedShippedGlossariesMatchLikeTheReference() throws {
        let a = try GlossaryIO.load(path: Fixtures.url("glossaries/xianxia.yaml").path)
        let b = try GlossaryIO.load(path: Fixtures.url("glossaries/urban-drama.yaml").path)
        let (merged, _) = GlossaryMerger.merge([a, b])
        let terms = merged.concepts.flatMap { $0.terms("en").map(\.text) }
        let text = "Lin Qingtan stood in the crowd, quietly sensing the true essence in his elixir field. After a year of bitter cultivation, he had reached the eighth level of Qi Condensation."
        let got = TermMatcher(patterns: terms).matches(in: text)
        let want = referenceMatches(terms, in: text)
        #expect(got == want)
        #expect(got.contains { terms[$0.pattern] == "elixir field" })
    }
}

extension MergedGlossaryMatchTests {
    /// The shrunk case: a state with more than eight children (binary search over its edges)
    /// whose wanted edge sat exactly where the search narrowed to.
    @Test func stateWithNineChildren() {
        let terms = ["Core Formation", "early stage", "elixir field", "evil qi", "erysipelas", "emerge from seclusion",
                     "epiphany", "ex-husband", "equity", "engagement party"]
        for text in ["his elixir field.", "an epiphany", "the equity", "early stage"] {
            #expect(TermMatcher(patterns: terms).matches(in: text) == referenceMatches(terms, in: text), "\(text)")
        }
        // Every child of a wide node is reachable.
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let wide: [String] = (0..<40).map { (i: Int) -> String in "x\(letters[i % 26])\(i)" }
        for t in wide { #expect(TermMatcher(patterns: wide).matches(in: "a \(t) b").count == 1, "\(t)") }
    }
}

@Suite struct InflectionTests {
    @Test func englishPluralsAndPossessivesCount() throws {
        let yaml = """
            source: zh-Hans
            concepts:
              - id: lingshi
                terms: {zh-Hans: [灵石], en: [{term: spirit stone}], es: [{term: piedra espiritual}]}
              - id: zhanglao
                terms: {zh-Hans: [长老], en: [{term: Elder}], id: [{term: Tetua}]}
              - id: xiulian
                terms: {zh-Hans: [修炼], en: [{term: cultivate}]}
            """
        let g = try GlossaryYAML.decode(yaml, file: "g.yaml", sink: DiagnosticSink())
        let en = GlossaryApplier(glossary: g, targetLanguage: "en")
        #expect(en.check(source: "三百块灵石", translation: "three hundred spirit stones").isEmpty)
        #expect(en.check(source: "长老来了", translation: "The Elder's voice rang out").isEmpty)
        #expect(en.check(source: "修炼", translation: "He was cultivating").isEmpty)
        #expect(en.check(source: "灵石", translation: "three hundred stones").map(\.kind) == [.missing])
        // An inflected form never hides a different word: "Elderberry" is not "Elder".
        #expect(en.check(source: "长老", translation: "Elderberry wine").map(\.kind) == [.missing])
        let es = GlossaryApplier(glossary: g, targetLanguage: "es")
        #expect(es.check(source: "灵石", translation: "trescientas piedras espirituales").isEmpty)
        #expect(Inflections.forms(of: "Tetua", language: "id") == ["Tetua-Tetua"])
    }
}
