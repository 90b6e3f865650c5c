import Testing

@testable import ChuhaiKit

@Suite struct SubtitleCountingTests {
    @Test func latinCountsSpacesAndPunctuation() {
        #expect(SubtitleCounting.count("Hello, world!") == 13)
    }

    @Test func cjkHalfWidthCountsHalf() {
        // Japanese guide: full-width = 1, half-width = 0.5.
        #expect(SubtitleCounting.count("ＢＢＣの番組", halfWidth: 0.5) == 6)
        #expect(SubtitleCounting.count("BBCの番組", halfWidth: 0.5) == 4.5)
        #expect(SubtitleCounting.count("我们 OK", halfWidth: 0.5) == 3.5)
        #expect(SubtitleCounting.count("안녕, Tom", halfWidth: 0.5) == 2 + 2.5)
        // Curly quotes are East Asian Ambiguous: full-width in CJK lines. Half-width katakana counts half.
        #expect(SubtitleCounting.count("他说：“走吧。”", halfWidth: 0.5) == 8)
        #expect(SubtitleCounting.count("ｶﾞｲﾄﾞ", halfWidth: 0.5) == 2.5)
        #expect(SubtitleCounting.count("￥１００", halfWidth: 0.5) == 4)
    }

    @Test func thaiToneMarksAndAboveBelowVowelsAreNotCounted() {
        // น ้ ำ: tone mark U+0E49 not counted; SARA AM U+0E33 counted.
        #expect(SubtitleCounting.count("น้ำ") == 2)
        // ที่: above vowel U+0E35 and tone mark U+0E48 not counted.
        #expect(SubtitleCounting.count("ที่นี่") == 2)
    }

    @Test func arabicDiacriticsAndDirectionMarksAreNotCounted() {
        #expect(SubtitleCounting.count("شُكْرًا") == SubtitleCounting.count("شكرا"))
        #expect(SubtitleCounting.count("\u{200F}شكرا") == 4)
    }

    @Test func emojiSequencesCountOnce() {
        #expect(SubtitleCounting.count("👨‍👩‍👧") == 1)
        #expect(SubtitleCounting.count("🇯🇵🇰🇷") == 2)
        #expect(SubtitleCounting.count("👍🏽") == 1)
    }

    /// The counting rules applied scalar by scalar through `unicodeScalars`: the oracle for the
    /// UTF-8 scan, which decodes bytes itself and must give the same sums.
    static func referenceCount(_ s: String, halfWidth: Double) -> Double {
        var n = 0.0
        var afterJoiner = false, regionalPending = false
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                afterJoiner = false
                regionalPending = false
                if v >= 0x20 && v != 0x7F { n += halfWidth }
                continue
            }
            if afterJoiner {
                afterJoiner = false
                continue
            }
            if v == 0x200D {
                afterJoiner = true
                continue
            }
            if (0x1F3FB...0x1F3FF).contains(v) { continue }
            if (0x1F1E6...0x1F1FF).contains(v) {
                regionalPending.toggle()
                if regionalPending { n += 1 }
                continue
            }
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: continue
            default: break
            }
            n += (halfWidth != 1 && !SubtitleCounting.isFullWidthInCJK(u)) ? halfWidth : 1
        }
        return n
    }

    static let tricky = ["ที่นี่ น้ำ", "شُكْرًا \u{200F}مرحبا", "👨‍👩‍👧 and 👍🏽 🇯🇵🇰🇷🇫", "한국어 가\u{11A8} 가", "cafe\u{301} naïve",
                         "ｶﾞｲﾄﾞ ＡＢＣ ￥１００", "他说：“走吧。”…", "\u{FE0F}❤️ x\u{20E3}", "\t tab\u{7F}\u{1}", "𠀀𠀁 ㄅㄆ 〇"]

    @Test func utf8ScanMatchesScalarRules() {
        var rng = SplitMix64(seed: 7)
        // Scalars from every branch: ASCII, CJK, kana, Hangul, full/half-width, marks, ZWJ, flags, skin tones.
        let pool: [UInt32] = [0x41, 0x20, 0x2C, 0x3F, 0x4E2D, 0x3042, 0x30AB, 0xAC00, 0xFF01, 0xFF76, 0x3001, 0x0E49, 0x0E33, 0x064F,
                              0x0627, 0x200D, 0x200F, 0x1F468, 0x1F1EF, 0x1F3FD, 0x0301, 0x00E9, 0x201C, 0x2026, 0x0E35, 0x20000]
        var samples = Self.tricky
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<rng.next(0...12) { s.unicodeScalars.append(Unicode.Scalar(pool[rng.below(pool.count)])!) }
            samples.append(s)
        }
        for s in samples {
            for half in [1.0, 0.5] {
                #expect(SubtitleCounting.count(s, halfWidth: half) == Self.referenceCount(s, halfWidth: half), "\(s.debugDescription)")
            }
            let facts = SubtitleCounting.scan(s, halfWidth: 1)
            #expect(facts.hasText == s.utf8.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A })
            #expect(facts.hasNonASCII == s.utf8.contains { $0 >= 0x80 })
        }
    }

    /// Skipping a line's punctuation checks when it lacks their trigger marks never hides a finding.
    @Test func punctuationShortcutNeverHidesAFinding() {
        let lines = Self.tricky + ["我们走吧, 好吗?", "Wait...", "Hola?", "¿Qué?", "สวัสดี?", "3.5 บาท.", "مرحبا, كيف؟!", "你好，", "end.",
                                   "a:b", "x;y", "!", "plain", ""]
        let all: [PunctuationChecks.Options] = [.ellipsis, .noLineEndCommaPeriod, .fullWidth, .thai, .arabic, .spanishInverted]
        for line in lines {
            let facts = SubtitleCounting.scan(line, halfWidth: 1)
            for mask in 1..<(1 << all.count) {
                var checks = PunctuationChecks.Options()
                for (k, c) in all.enumerated() where mask & (1 << k) != 0 { checks.formUnion(c) }
                if !PunctuationChecks.mayFind(checks, in: facts) {
                    #expect(PunctuationChecks.run(checks, on: line).isEmpty, "\(line) \(checks.rawValue)")
                }
            }
        }
    }

    @Test func rightToLeftLanguages() {
        #expect(SubtitleCounting.isRightToLeft(language: "ar-EG"))
        #expect(SubtitleCounting.isRightToLeft(language: "he"))
        #expect(!SubtitleCounting.isRightToLeft(language: "en"))
    }
}
