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

    @Test func rightToLeftLanguages() {
        #expect(SubtitleCounting.isRightToLeft(language: "ar-EG"))
        #expect(SubtitleCounting.isRightToLeft(language: "he"))
        #expect(!SubtitleCounting.isRightToLeft(language: "en"))
    }
}
