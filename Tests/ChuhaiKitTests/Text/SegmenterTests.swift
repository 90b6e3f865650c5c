import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

struct GoldenCase: Decodable, CustomTestStringConvertible, Sendable {
    var lang: String
    var text: String
    var segments: [String]
    var why: String?
    var testDescription: String { "[\(lang)] \(text.prefix(24))" }

    static let all: [GoldenCase] = {
        let data = (try? Fixtures.data("fixtures/segmentation/golden.jsonl")) ?? Data()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try! JSONDecoder().decode(GoldenCase.self, from: Data($0.utf8))
        }
    }()
}

@Suite struct SegmenterTests {
    @Test func goldenFileHasAtLeastSixtyCases() {
        #expect(GoldenCase.all.count >= 60)
    }

    @Test(arguments: GoldenCase.all)
    func golden(_ c: GoldenCase) throws {
        let segmenter = try Segmenter(language: c.lang)
        #expect(segmenter.segment(c.text).map(\.text) == c.segments, "\(c.why ?? "")")
    }

    @Test func narratorTagsMergeWhenAsked() throws {
        let s = try Segmenter(language: "zh", options: .init(mergeNarratorTags: true))
        #expect(s.segment("“你来了？”他问。“嗯。”").map(\.text) == ["“你来了？”他问。", "“嗯。”"])
    }

    @Test func offsetsAreUTF8BytesIntoTheText() throws {
        let text = "第一章 开始\n　　他站在山顶。“你来了？”\n"
        let segs = try Segmenter(language: "zh").segment(text)
        let bytes = Array(text.utf8)
        for s in segs {
            #expect(String(decoding: bytes[s.start..<s.end], as: UTF8.self) == s.text)
        }
        #expect(segs.map(\.paragraph) == [1, 2, 2])
    }

    @Test func astralCharactersKeepOffsetsRight() throws {
        let text = "𠀀𠀁好。😀你呢？"
        let segs = try Segmenter(language: "zh").segment(text)
        #expect(segs.map(\.text) == ["𠀀𠀁好。", "😀你呢？"])
        #expect(segs[1].start == "𠀀𠀁好。".utf8.count)
        #expect(segs[1].end == text.utf8.count)
    }

    @Test func wordsUseDictionaries() throws {
        let zh = try Segmenter(language: "zh").segment("我们今天去北京大学。", unit: .word).map(\.text)
        #expect(zh.contains("我们"))
        #expect(zh.joined() == "我们今天去北京大学")
        let th = try Segmenter(language: "th").segment("ภาษาไทยง่ายนิดเดียว", unit: .word).map(\.text)
        #expect(th.count >= 3)
        #expect(th.joined() == "ภาษาไทยง่ายนิดเดียว")
        let en = try Segmenter(language: "en").segment("Don't stop, Lin.", unit: .word).map(\.text)
        #expect(en == ["Don't", "stop", "Lin"])
    }

    @Test func emptyAndBlankTextGiveNoSegments() throws {
        let s = try Segmenter(language: "zh")
        #expect(s.segment("").isEmpty)
        #expect(s.segment("\n\n　　\n").isEmpty)
    }
}

@Suite struct SegmenterOffsetTests {
    @Test func utf16OffsetsMatchTheUTF8Spans() throws {
        let text = "第一章\n　　他站在山顶。“你来了？”😀好！\nHe left."
        let s = try Segmenter(language: "zh")
        var utf8: [Segmenter.Span] = [], utf16: [Segmenter.Span] = []
        s.spans(text) { utf8.append($0) }
        s.spans(text, offsets: .utf16) { utf16.append($0) }
        #expect(utf8.count == utf16.count)
        let bytes = Array(text.utf8), units = Array(text.utf16)
        for (a, b) in zip(utf8, utf16) {
            #expect(String(decoding: bytes[a.start..<a.end], as: UTF8.self) == String(decoding: units[b.start..<b.end], as: UTF16.self))
            #expect(a.paragraph == b.paragraph)
        }
    }
}
