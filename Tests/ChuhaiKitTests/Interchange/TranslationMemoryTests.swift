import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct TMXTests {
    @Test func readsPairsPropsAndPlainSegments() throws {
        let path = Fixtures.url("fixtures/interchange/memory.tmx").path
        let sink = DiagnosticSink()
        let units = try TMX.read(path: path, sink: sink)
        #expect(units.map(\.targetLanguage) == ["en-US", "es", "en-US"])
        #expect(units[0].context == "qingyun-ch0001/p1" && units[0].properties == [Metadatum("x-book", "qingyun")])
        #expect(units[0].creationDate == "20250101T120000Z" && units[0].id == "qingyun-ch0001-p1-s1")
        #expect(units[2].source == "林动笑了。" && units[2].target == "Lin Dong smiled.")
        #expect(sink.diagnostics.map { "\($0.location.line ?? 0) \($0.severity) \($0.rule)" }
            == ["16 warning tmx.incomplete-tu", "20 error tmx.language", "19 warning tmx.incomplete-tu"])
    }

    @Test func writeThenReadIsLossless() throws {
        let units = try TMX.read(path: Fixtures.url("fixtures/interchange/memory.tmx").path, sink: DiagnosticSink())
        let xml = TMX.write(units, sourceLanguage: "zh-CN")
        let back = try TMX.read(Data(xml.utf8), file: "w.tmx", sink: DiagnosticSink())
        #expect(back == units)
        #expect(TMX.write(back, sourceLanguage: "zh-CN") == xml)
        #expect(xml.contains("<header creationtool=\"chuhai\""))
    }

    @Test func unitsFromATranslatedDocument() throws {
        var doc = try SampleWork.document()
        SampleWork.fill(&doc)
        let units = TMX.units(from: doc)
        #expect(units.count == 6)
        #expect(units[1].source == "他终于筑基了。" && units[1].target == "He finally reached Foundation Establishment.")
        #expect(units[1].context == "qingyun-ch0001/p1" && units[1].id == "qingyun-ch0001-p1-s1")
    }

    @Test func notTMXIsAnError() {
        #expect(throws: ChuhaiError.self) { try TMX.read(Data("<xliff/>".utf8), file: "x", sink: DiagnosticSink()) }
        #expect(throws: ChuhaiError.self) { try TMX.read(Data("<tmx><body>".utf8), file: "x", sink: DiagnosticSink()) }
    }
}

@Suite struct TranslationMemoryTests {
    func unit(_ s: String, _ t: String, context: String? = nil) -> TMUnit {
        TMUnit(sourceLanguage: "zh-Hans", targetLanguage: "en", source: s, target: t, context: context)
    }

    @Test func exactInContextAndFuzzyMatches() {
        let tm = TranslationMemory(units: [
            unit("他终于筑基了。", "He finally reached Foundation Establishment.", context: "a/p1"),
            unit("他终于筑基了。", "At last he established his foundation.", context: "b/p7"),
            unit("她终于筑基了。", "She finally reached Foundation Establishment."),
            unit("他终于结丹了。", "He finally formed his core."),
            unit("今天天气很好。", "The weather is nice today."),
            TMUnit(sourceLanguage: "zh-Hans", targetLanguage: "es", source: "他终于筑基了。", target: "Por fin…"),
        ], sourceLanguage: "zh-CN", targetLanguage: "en-US")
        #expect(tm.count == 5)
        let m = tm.lookup("他终于筑基了。", context: "b/p7", threshold: 75, limit: 5)
        #expect(m.map(\.kind) == [.inContext, .exact, .fuzzy])
        #expect(m[0].unit.target == "At last he established his foundation.")
        // 她终于筑基了。: one substitution in seven characters = 85%; 结丹: two = 71%, under 75.
        #expect(m.map(\.score) == [101, 100, 85])
        #expect(tm.lookup("他终于结丹了。", threshold: 70).map(\.score) == [100, 71, 71])
        #expect(tm.lookup("完全不同的句子", threshold: 75).isEmpty)
        #expect(m[2].segmentTarget == SegmentTarget("She finally reached Foundation Establishment.", state: .initial, origin: .fuzzyMatch, score: 85))
    }

    @Test func duplicateSourcesAreIndexedOnceAndAllReturned() {
        var units = (0..<50).map { unit("他终于筑基了。", "Version \($0).", context: "ch/p\($0)") }
        units.append(unit("她终于筑基了。", "She did."))
        units += (0..<3).map { unit("他终于结丹了。", "Core \($0).") }
        let tm = TranslationMemory(units: units, sourceLanguage: "zh-Hans", targetLanguage: "en")
        #expect(tm.count == 54)
        // The in-context match comes first even though it is the 43rd copy; the limit holds.
        let m = tm.lookup("他终于筑基了。", context: "ch/p42", limit: 3)
        #expect(m.map(\.score) == [101, 100, 100] && m[0].unit.target == "Version 42." && m[1].unit.target == "Version 0.")
        // Every copy of a fuzzy source comes back, best score first.
        let f = tm.lookup("她终于结丹了。", threshold: 70, limit: 10)
        #expect(f.map(\.score) == [85, 85, 85, 71])
        #expect(f.map(\.unit.source) == ["他终于结丹了。", "他终于结丹了。", "他终于结丹了。", "她终于筑基了。"])
        #expect(Set(f.prefix(3).map(\.unit.target)) == ["Core 0.", "Core 1.", "Core 2."])
    }

    @Test func normalizationFoldsCaseWidthAndSpaces() {
        let tm = TranslationMemory(units: [unit("ＡＢＣ  hello   World", "x")], sourceLanguage: "zh-Hans", targetLanguage: "en")
        #expect(tm.lookup(" abc hello world ").first?.kind == .exact)
    }

    /// The index must find exactly what a brute-force scan finds.
    @Test(arguments: [60, 75, 90])
    func indexAgreesWithBruteForce(threshold: Int) {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会")
        func sentence() -> String { String((0..<Int.random(in: 3...18, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) }
        var sources = (0..<300).map { _ in sentence() }
        // Near-duplicates so there are fuzzy matches to find.
        for i in 0..<100 {
            var s = Array(sources[i])
            s[Int.random(in: 0..<s.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            sources.append(String(s))
        }
        let tm = TranslationMemory(units: sources.enumerated().map { unit($1, "t\($0)") }, sourceLanguage: "zh", targetLanguage: "en")
        for qi in stride(from: 0, to: 400, by: 9) {
            let q = sources[qi]
            let got = Set(tm.lookup(q, threshold: threshold, limit: 10_000).filter { $0.kind == .fuzzy }.map(\.unit.source))
            var want = Set<String>()
            for s in Set(sources) where s != q {
                let a = Array(q.unicodeScalars), b = Array(s.unicodeScalars)
                let d = levenshtein(a, b)
                if 100 * (max(a.count, b.count) - d) / max(a.count, b.count) >= threshold { want.insert(s) }
            }
            #expect(got == want, "query \(q)")
        }
    }

    func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var prev = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : prev[b.count]
    }

    @Test func prefillUsesContextAndThreshold() throws {
        var doc = try SampleWork.document()
        SampleWork.fill(&doc)
        let tm = TranslationMemory(units: TMX.units(from: doc), sourceLanguage: "zh-Hans", targetLanguage: "en")
        let again = BilingualDocument(work: SampleWork.work, targetLanguage: "en", segmenter: try Segmenter(language: "zh-Hans"),
                                      prefill: tm.prefill())
        let t = try #require(again.files[0].units[1].targets[0])
        #expect(t.text.text == "He finally reached Foundation Establishment." && t.score == 100 && t.origin == .exactMatch && t.state == .translated)
    }
}

