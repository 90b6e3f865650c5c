import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct TranslationChecksTests {
    let en = TranslationChecks(sourceLanguage: "zh-Hans", targetLanguage: "en")

    func rules(_ c: TranslationChecks, _ s: InlineText, _ t: InlineText) -> [String] {
        c.check(source: s, target: t).map(\.rule.rawValue)
    }

    @Test(arguments: [("三百", 300), ("一千五百", 1500), ("两", 2), ("十五", 15), ("二十一", 21), ("一百二", 120), ("三千零五", 3005),
                      ("两万三", 23000), ("一万五千", 15000), ("两千两", 2000), ("一亿三千万", 130_000_000), ("二〇二五", 2025), ("十", 10)])
    func chineseNumerals(text: String, value: Int) {
        #expect(NumberExtraction.parseChinese(Array(text)) == value)
    }

    @Test func numbersInText() {
        // 三百两: 两 after a unit is the measure word (taels), not a digit.
        #expect(NumberExtraction.chineseNumerals(in: "他花了三百两银子，走了一千五百里，两人同行。") == [300, 1500, 2])
        #expect(NumberExtraction.digits(in: "1,500 coins, 3.5 km, ３００ taels, 1 500 €") == [1500, 3.5, 300, 1500])
        #expect(NumberExtraction.englishNumbers(in: "three hundred taels and fifteen hundred li, twenty-one days") == [300, 1500, 21])
    }

    @Test func clean() {
        #expect(rules(en, "他花了三百两银子。", "He spent 300 taels of silver.").isEmpty)
        #expect(rules(en, "他花了三百两银子。", "He spent three hundred taels of silver.").isEmpty)
        #expect(rules(en, "第3章", "Chapter 3").isEmpty)
        // Large amounts: 五百万 / 500万 / "5 million" are one number in three spellings.
        #expect(rules(en, "签了它，五百万马上到账", "Sign this and get 5 million right away.").isEmpty)
        #expect(rules(en, "签了它，500万马上到账", "Sign this and get 5,000,000 right away.").isEmpty)
        #expect(rules(en, "三亿资金", "1.5 billion in funds") == ["translation.number-mismatch", "translation.number-mismatch"])
    }

    @Test func scaleWordsAfterDigits() {
        #expect(NumberExtraction.digits(in: "500万, 3亿, 5 million, 1.5 billion, 20 thousands, 7 millionaires") == [5_000_000, 300_000_000, 5_000_000, 1_500_000_000, 20, 7])
    }

    @Test func untranslatedForms() {
        #expect(rules(en, "他来了。", "") == ["translation.untranslated"])
        #expect(rules(en, "他来了。", "  ") == ["translation.untranslated"])
        #expect(rules(en, "Hello world", "Hello world") == ["translation.same-as-source"])
        #expect(rules(en, "他来了。", "He 来了.") == ["translation.han-in-target"])
        #expect(rules(TranslationChecks(sourceLanguage: "zh-Hans", targetLanguage: "ja"), "他来了。", "彼が来た。").isEmpty)
    }

    @Test func numberMismatch() {
        let f = en.check(source: "他花了三百两银子，走了15里。", target: "He spent 30 taels and walked 15 li.")
        #expect(f.map(\.message) == ["number(s) 300 of the source not in the target", "number(s) 30 in the target but not in the source"])
        #expect(f.allSatisfy { $0.severity == .warning })
        // Small Chinese numerals are words as often as numbers (一眼, 三人): not required.
        #expect(rules(en, "他看了一眼。", "He glanced.").isEmpty)
    }

    @Test func codeMismatch() {
        let s = InlineText("他终于来了。", spans: [InlineSpan(start: 3, end: 9, style: .bold)])
        #expect(en.check(source: s, target: "He finally came.").map(\.message) == ["inline markup missing in the target: bold"])
        let t = InlineText("He finally came.", spans: [InlineSpan(start: 3, end: 10, style: .bold), InlineSpan(start: 0, end: 2, style: .italic)])
        #expect(en.check(source: s, target: t).map(\.message) == ["inline markup in the target that the source lacks: italic"])
    }

    @Test func punctuationAndSpaces() {
        #expect(rules(en, "他来了。", "He came。") == ["translation.cjk-punctuation"])
        #expect(rules(en, "“你好。”", "“Hello.”").isEmpty, "curly quotes are English typography too")
        #expect(rules(en, "他来了。", "He  came.") == ["translation.double-space"])
        let fr = TranslationChecks(sourceLanguage: "zh-Hans", targetLanguage: "fr")
        #expect(fr.check(source: "你来了吗？", target: "Tu es venu ?").map(\.message)
            == ["ordinary space before ? (use a no-break space U+00A0 or U+202F)"])
        #expect(rules(fr, "你来了吗？", "Tu es venu?") == ["translation.fr-punctuation-space"])
        #expect(rules(fr, "你来了吗？", "Tu es venu\u{202F}?").isEmpty)
        #expect(rules(fr, "时间是12:30。", "Il est 12:30.").isEmpty)
        let es = TranslationChecks(sourceLanguage: "zh-Hans", targetLanguage: "es")
        #expect(rules(es, "你来了吗？快走！", "¿Viniste? ¡Vámonos!").isEmpty)
        #expect(es.check(source: "你来了吗？快走！", target: "Viniste? ¡Vámonos!").map(\.message) == ["question or exclamation without its opening ¿"])
    }

    @Test func lengthRatio() {
        #expect(rules(en, "他终于筑基成功了。", "He did.") == ["translation.length-ratio"])
        #expect(rules(en, "他终于筑基成功了。", "He finally succeeded in Foundation Establishment.").isEmpty)
        #expect(rules(en, "好。", "Fine.").isEmpty, "short sources are not ratio-checked")
    }

    @Test func rulesCanBeSwitchedOffAndRegraded() {
        let c = TranslationChecks(sourceLanguage: "zh-Hans", targetLanguage: "en",
                                  settings: .init(disabled: [.doubleSpace], severities: [.cjkPunctuation: .error]))
        let f = c.check(source: "他来了。", target: "He  came。")
        #expect(f.map(\.rule) == [.cjkPunctuation] && f[0].severity == .error)
    }

    @Test func documentFindingsHaveUnitLocations() throws {
        var doc = try SampleWork.document()
        SampleWork.fill(&doc)
        doc.files[0].units[2].targets[0]?.text.text = "She glanced at the URL，turned and left."
        let r = try XLIFFReader.read(Data(XLIFFWriter.write(doc, version: .v2_1).utf8), file: "q.xlf", sink: DiagnosticSink())
        let sink = DiagnosticSink()
        en.check(r, sink: sink)
        let d = sink.diagnostics.filter { $0.rule == "translation.cjk-punctuation" }
        #expect(d.count == 1)
        #expect(d.first?.description.hasPrefix("q.xlf:\(r.lines["qingyun-ch0001"]!["p2"]!): warning[translation.cjk-punctuation]: qingyun-ch0001/p2 s1:") == true)
    }
}
