import Foundation
import Testing

@testable import ChuhaiKit

private func cue(_ s: Int64, _ e: Int64, _ text: String, id: String? = nil) -> Cue {
    Cue(id: id, start: .milliseconds(s), end: .milliseconds(e), lines: text.split(separator: "\n").map { CueLine(stringLiteral: String($0)) },
        location: SourceLocation(file: "f.srt", line: 1, column: 1))
}

private func check(_ cues: [Cue], profile: String = "netflix", lang: String? = "en", fps: FrameRate? = FrameRate(24),
                   format: SubtitleFormat = .vtt) throws -> [Diagnostic] {
    let settings = try DeliveryProfile.load(profile).resolve(language: lang)
    let sink = DiagnosticSink()
    SubtitleRules.check(Track(file: "f.srt", format: format, cues: cues), settings: settings, frameRate: fps, sink: sink)
    return sink.diagnostics
}

@Suite struct SubtitleRulesTests {
    @Test func overlapMessageNamesBothCues() throws {
        let d = try check([cue(61_000, 62_900, "a"), cue(62_300, 64_000, "b")])
        let o = d.filter { $0.rule == "overlap" }
        #expect(o.count == 1)
        #expect(o[0].message == "cue 2 starts at 00:01:02.300 before cue 1 ends at 00:01:02.900")
        #expect(o[0].severity == .error)
        #expect(o[0].item == 2)
    }

    @Test func durationLimitsUseProfileNumbers() throws {
        // Netflix: min 5/6 s, max 7 s.
        let d = try check([cue(0, 833, "short"), cue(2000, 2834, "ok"), cue(4000, 11_001, "long")])
        #expect(d.filter { $0.rule == "duration-min" }.map(\.item) == [1])
        #expect(d.filter { $0.rule == "duration-max" }.map(\.item) == [3])
    }

    @Test func gapMinIsTwoFramesAtTheVideoRate() throws {
        // 2 frames at 25 fps = 80 ms; at 24 fps = 83.3 ms.
        let cues = [cue(0, 1000, "a"), cue(1080, 2000, "b"), cue(2050, 3000, "c"), cue(3000, 4000, "d")]
        let at25 = try check(cues, fps: FrameRate(25)).filter { $0.rule == "gap-min" }.map(\.item)
        #expect(at25 == [3, 4])
        let at24 = try check(cues, fps: FrameRate(24)).filter { $0.rule == "gap-min" }.map(\.item)
        #expect(at24 == [2, 3, 4])
        // BBC-based vertical: zero gaps allowed, short ones noted.
        let vertical = try check(cues, profile: "vertical").filter { $0.rule == "gap-min" }
        #expect(vertical.map(\.item) == [2, 3])
        #expect(vertical.allSatisfy { $0.severity == .note })
    }

    @Test func readingSpeedIsCheckedPerCueAndAsAFileAverage() throws {
        // en: 20 cps. 30 characters in 1 s is 30 cps; 30 characters in 3 s is 10.
        let fast = "It is me, Lin Wei, remember me"
        let allFast = try check([cue(0, 1000, fast), cue(2000, 3000, fast), cue(4000, 5000, fast)]).filter { $0.rule == "reading-speed" }
        #expect(allFast.map(\.item) == [1, 2, 3, nil])
        let average = try #require(allFast.last)
        #expect(average.message.hasPrefix("the file averages 30.0 characters per second over 3 cues (max 20 for en)"))
        #expect(average.location.line == nil)
        // One fast cue among slow ones: the cue is reported, the file is fine on average.
        let one = try check([cue(0, 1000, fast), cue(2000, 5000, fast), cue(6000, 9000, fast)]).filter { $0.rule == "reading-speed" }
        #expect(one.map(\.item) == [1])
    }

    @Test func readingSpeedAndLineLengthPerLanguage() throws {
        // zh-Hans: 16 characters per line, 9 cps.
        let zh = try check([cue(0, 2000, "林动站在山顶望着远方的天空心中充满感慨")], lang: "zh-Hans")
        #expect(zh.first { $0.rule == "line-length" }?.message.contains("has 19 characters (max 16 for zh-Hans)") == true)
        #expect(zh.first { $0.rule == "reading-speed" }?.message.hasPrefix("cue 1 reads at 9.5 characters per second (max 9 for zh-Hans)") == true)
        // Half-width Latin counts 0.5 in Chinese: 14 + 2 × 0.5 = 15 → fits.
        #expect(try check([cue(0, 2000, "林动站在山顶望着远方的天空心中OK")], lang: "zh-Hans").filter { $0.rule == "line-length" }.isEmpty)
        // English: 42 per line, 20 cps.
        #expect(try check([cue(0, 2000, String(repeating: "a", count: 40))], lang: "en").isEmpty)
        #expect(try check([cue(0, 2000, String(repeating: "a", count: 41))], lang: "en").map(\.rule) == ["reading-speed"])
        // Unknown language: profile defaults (17 cps).
        #expect(try check([cue(0, 2000, String(repeating: "a", count: 35))], lang: "fr").map(\.rule) == ["reading-speed"])
    }

    @Test func verticalUsesWordsPerMinuteAndThreeLines() throws {
        let d = try check([cue(0, 2000, "one two three four five six seven\n2\n3\n4")], profile: "vertical")
        #expect(d.map(\.rule).sorted() == ["line-count", "line-length", "reading-speed"])
        #expect(d.first { $0.rule == "reading-speed" }!.message.contains("words per minute"))
    }

    @Test func orderEmptyAndNumbering() throws {
        let d = try check([cue(5000, 6000, "b", id: "1"), cue(1000, 2000, "a", id: "3"), cue(3000, 2500, " ", id: "4")], format: .srt)
        #expect(d.filter { $0.rule == "order" }.map(\.item) == [2, 3])
        #expect(d.filter { $0.rule == "empty-cue" }.map(\.item) == [3])
        #expect(d.filter { $0.rule == "numbering" }.map(\.message) == ["cue 2 is numbered 3, expected 2", "1 more cue(s) after cue 2 are not numbered in sequence; `chuhai validate --fix` renumbers"])
    }

    @Test func punctuationChecksPerLanguage() throws {
        #expect(try check([cue(0, 3000, "Wait...")], lang: "en").map(\.rule) == ["punctuation"])
        #expect(try check([cue(0, 3000, "เธอมาไหม?")], lang: "th").map(\.rule) == ["punctuation"])
        #expect(try check([cue(0, 3000, "你好,世界")], lang: "zh-Hans").map(\.rule) == ["punctuation"])
        #expect(try check([cue(0, 3000, "잘 가요.")], lang: "ko").map(\.rule) == ["punctuation"])
        #expect(try check([cue(0, 3000, "Dónde estás?")], lang: "es-419").map(\.rule) == ["punctuation"])
        #expect(try check([cue(0, 3000, "¿Dónde estás?")], lang: "es-MX").isEmpty)
        #expect(try check([cue(0, 3000, "¿Dónde\nestás?")], lang: "es-MX").isEmpty)
    }

    @Test func italicsAndMarkupRestrictions() throws {
        var c = cue(0, 3000, "x")
        c.lines = [CueLine([Span("斜体", style: .italic)])]
        #expect(try check([c], lang: "zh-Hans").map(\.rule) == ["tags"])
        #expect(try check([c], lang: "en").isEmpty)
        #expect(try check([c], profile: "youtube", lang: "en").map(\.rule) == ["tags"])
    }

    @Test func bidiMarksForRightToLeft() throws {
        let d = try check([cue(0, 3000, "مرحبا\n\u{200F}مرحبا")], lang: "ar")
        #expect(d.filter { $0.rule == "bidi" }.count == 1)
        var t = Track(file: "f", format: .ttml, cues: [cue(0, 3000, "مرحبا")])
        t.hasDirectionMarkup = true
        let sink = DiagnosticSink()
        SubtitleRules.check(t, settings: try DeliveryProfile.load("netflix").resolve(language: "ar"), frameRate: nil, sink: sink)
        #expect(!sink.diagnostics.contains { $0.rule == "bidi" })
    }

    @Test func frameRateMustBeAccepted() throws {
        #expect(try check([cue(0, 3000, "x")], fps: FrameRate(12)).map(\.rule) == ["frame-rate"])
        #expect(try check([cue(0, 3000, "x")], fps: FrameRate("29.97")).isEmpty)
    }
}

@Suite struct DeliveryProfileTests {
    @Test func languageAliasesAndPrefixes() throws {
        let p = try DeliveryProfile.load("netflix")
        #expect(p.languageKey(for: "zh-CN") == "zh-Hans")
        #expect(p.languageKey(for: "zh-Hant-TW") == "zh-Hant")
        #expect(p.languageKey(for: "es-MX") == "es-419")
        #expect(p.languageKey(for: "ja-JP") == "ja")
        #expect(p.languageKey(for: "fr") == nil)
        let ja = try p.resolve(language: "ja")
        #expect(ja.maxLineLength == 13 && ja.maxCPS == 4 && ja.halfWidthWeight == 0.5)
        #expect(ja.severities["line-length"] == .error)
    }

    @Test func teamProfileExtendsShipped() throws {
        let p = try DeliveryProfile.parse("""
            extends: netflix
            name: studio
            rules:
              overlap: warning
              gap-min: off
            languages:
              zh-Hans:
                rules:
                  line-length: {max: 14}
            """, file: "studio.yaml")
        let zh = try p.resolve(language: "zh-Hans")
        #expect(p.name == "studio")
        #expect(zh.maxLineLength == 14)
        #expect(zh.maxCPS == 9)
        #expect(zh.severities["overlap"] == .warning)
        #expect(zh.severities["gap-min"] == nil)
        #expect(zh.durationMin == TimeLimit("5/6s"))
    }

    @Test func badProfilesFailWithTheRuleNamed() {
        #expect(throws: ChuhaiError.self) { try DeliveryProfile.parse("rules:\n  speed: error\n", file: "x.yaml") }
        #expect(throws: ChuhaiError.self) { try DeliveryProfile.parse("rules:\n  duration-min: {min: soon}\n", file: "x.yaml") }
        #expect(throws: ChuhaiError.self) { try DeliveryProfile.load("no-such-profile") }
    }
}

@Suite struct CueIDRegistryTests {
    /// The bit-array shortcut for ids equal to their cue number reports exactly what one
    /// dictionary of first uses reports, on seeded mixes of positional, repeated and odd ids.
    @Test func matchesADictionaryOfFirstUses() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let count = rng.next(1...30)
            var registry = CueIDRegistry(capacity: count)
            var oracle: [String: Int] = [:]
            for n in 1...count {
                let id: String
                switch rng.next(0...5) {
                case 0, 1, 2: id = String(n)  // positional
                case 3: id = String(rng.next(1...count))  // a number, maybe another cue's
                case 4: id = ["intro", "a", "05", "+3", "0"][rng.below(5)]
                default: id = "s" + String(rng.next(1...4))
                }
                let expected = oracle[id]
                if expected == nil { oracle[id] = n }
                #expect(registry.firstUse(of: id, at: n) == expected, "cue \(n) id \(id)")
            }
        }
    }

    @Test func duplicateWebVTTIdentifiersAreReportedAgainstTheirFirstUse() throws {
        let cues = [cue(0, 1000, "a", id: "2"), cue(2000, 3000, "b", id: "2"), cue(4000, 5000, "c", id: "3"),
                    cue(6000, 7000, "d", id: "3")]
        let d = try check(cues).filter { $0.rule == "numbering" }.map(\.message)
        #expect(d == ["cue identifier 2 is already used by cue 1; WebVTT ids must be unique",
                      "cue identifier 3 is already used by cue 3; WebVTT ids must be unique"])
    }
}
