import ChuhaiKit
import ChuhaiTestSupport
import Testing

@Suite struct GlossaryApplierTests {
    let glossary: Glossary = {
        var g = try! GlossaryIO.load(path: Fixtures.url("fixtures/glossary/small.yaml").path)
        g.concepts.append(Concept(id: "body-jingmai", terms: [("zh-Hans", [Term("经脉")]), ("es", [Term("meridianos", strategy: .translate)])]))
        g.concepts.append(Concept(id: "energy-lingqi", terms: [("zh-Hans", [Term("灵气")]), ("es", [Term("qi espiritual", strategy: .transliterate)])]))
        g.concepts.append(Concept(id: "body-dantian-es", terms: [("zh-Hans", [Term("气海")]), ("en", [Term("qi sea", strategy: .transliterate)])]))
        return g
    }()

    @Test func annotatesSourceTerms() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "en")
        let occ = a.annotate("林动终于筑基了。")
        #expect(occ.map(\.conceptID) == ["name-lindong", "realm-zhuji"])
        #expect(occ[1].start == "林动终于".utf8.count && occ[1].end == "林动终于筑基".utf8.count)
    }

    @Test func acceptedTranslationHasNoFindings() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "en")
        #expect(a.check(source: "他终于筑基了。", translation: "He finally reached foundation establishment.").isEmpty)
    }

    @Test func deprecatedTermGetsAFixToThePreferredOne() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "en")
        let translation = "He finally reached Foundation Building."
        let f = a.check(source: "他终于筑基了。", translation: translation)
        #expect(f.count == 1)
        #expect(f[0].kind == .deprecated && f[0].severity == .warning && f[0].conceptID == "realm-zhuji")
        let fix = try! #require(f[0].fix)
        var bytes = Array(translation.utf8)
        bytes.replaceSubrange(fix.range, with: Array(fix.replacement.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == "He finally reached Foundation Establishment.")
        #expect(f[0].diagnostic(at: SourceLocation(file: "ch1.en.txt", line: 3)).description
            == "ch1.en.txt:3: warning[term-deprecated]: 'Foundation Building' is deprecated for 筑基 (realm-zhuji); use 'Foundation Establishment'")
    }

    @Test func forbiddenIsAnError() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "en")
        let f = a.check(source: "林动来了。", translation: "Lin Dong | the boy; \"quoted\" came.")
        #expect(f.map(\.severity) == [.error])
    }

    @Test func missingTermIsReported() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "en")
        let f = a.check(source: "他终于筑基了，丹田充盈。", translation: "He finally built his base; his dantian was full.")
        #expect(f.map(\.kind) == [.missing])
        #expect(f[0].conceptID == "realm-zhuji")
        #expect(f[0].sourceRange == "他终于".utf8.count..<"他终于筑基".utf8.count)
    }

    @Test func transliterateWithoutTargetTermSuggestsRomanization() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "es")
        let f = a.check(source: "林动的丹田里灵气翻涌。", translation: "El qi espiritual bullía en su vientre.")
        // 丹田 has no es term and is transliterated in en → suggestion; 林动 is a name → "Lin Dong".
        let suggestions = f.filter { $0.kind == .suggestion }
        #expect(suggestions.map(\.suggestion) == ["Lin Dong", "dantian"])
        // Suggestion found in the translation: nothing to say.
        #expect(a.check(source: "丹田", translation: "el dantian").isEmpty)
    }

    @Test func suggesterIsInjected() {
        let a = GlossaryApplier(glossary: glossary, targetLanguage: "es", suggest: { text, _ in "<\(text)>" })
        #expect(a.check(source: "丹田", translation: "x").first?.suggestion == "<丹田>")
        let none = GlossaryApplier(glossary: glossary, targetLanguage: "es", suggest: nil)
        #expect(none.check(source: "丹田", translation: "x").isEmpty)
    }
}
