import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

/// Parses SRT text and returns the track plus `line:col: severity[rule]` strings.
func readSRT(_ s: String, file: String = "t.srt") -> (Track, [String]) {
    let sink = DiagnosticSink()
    let track = try! SRT.read(Data(s.utf8), file: file, sink: sink)
    return (track, sink.diagnostics.map { "\($0.location.line ?? 0):\($0.location.column ?? 0): \($0.severity.rawValue)[\($0.rule)]" })
}

@Suite struct SRTReaderTests {
    @Test func canonicalFile() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\n第二句\n\n")
        #expect(d.isEmpty)
        #expect(t.cues.count == 2)
        #expect(t.cues[0].start == .milliseconds(1000))
        #expect(t.cues[0].end == .milliseconds(2500))
        #expect(t.cues[0].lines.map(\.text) == ["Hello", "world"])
        #expect(t.cues[1].text == "第二句")
        #expect(t.cues[1].id == "2")
        #expect(t.cues[1].location?.line == 7)
    }

    @Test func crlfBomAndCR() {
        var data = Data([0xEF, 0xBB, 0xBF])
        data += Data("1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r00:00:03,000 --> 00:00:04,000\rB\r".utf8)
        let sink = DiagnosticSink()
        let t = try! SRT.read(data, file: "x.srt", sink: sink)
        #expect(t.hadBOM)
        #expect(t.cues.map(\.text) == ["A", "B"])
        #expect(sink.diagnostics.isEmpty)
    }

    @Test func dotSeparatorAndShortMilliseconds() {
        let (t, d) = readSRT("1\n00:00:01.5 --> 00:00:02.50\nA\n")
        #expect(t.cues[0].start == .milliseconds(1500))
        #expect(t.cues[0].end == .milliseconds(2500))
        #expect(d.contains("2:1: warning[parse]"))  // 1 digit: ambiguous
        #expect(d.contains("2:16: warning[parse]"))  // 2 digits
        #expect(d.contains("2:1: note[parse]"))  // `.` read as `,`
    }

    @Test func missingHoursWarns() {
        let (t, d) = readSRT("1\n01:02,500 --> 01:04,000\nA\n")
        #expect(t.cues[0].start == .milliseconds(62_500))
        #expect(t.cues[0].end == .milliseconds(64_000))
        #expect(d.filter { $0 == "2:1: warning[parse]" }.count == 1)
        #expect(d.contains("2:15: warning[parse]"))
    }

    @Test func fullWidthTimestampAndSpacesAroundArrow() {
        let (t, d) = readSRT("1\n00：00：01，000-->00:00:02,000   \n中文\n")
        #expect(t.cues[0].start == .milliseconds(1000))
        #expect(t.cues[0].end == .milliseconds(2000))
        #expect(d == ["2:1: warning[parse]"])
        let (t2, d2) = readSRT("1\n  00:00:01,000    -->    00:00:02,000\nA\n")
        #expect(t2.cues[0].end == .milliseconds(2000))
        #expect(d2.isEmpty)
    }

    @Test func positionCoordinatesAreNoted() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20\nA\n")
        #expect(t.cues.count == 1)
        #expect(d == ["2:31: note[parse]"])
    }

    @Test func missingAndExtraBlankLines() {
        let (t, d) = readSRT("\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n\n\n\n3\n00:00:05,000 --> 00:00:06,000\nC")
        #expect(t.cues.map(\.text) == ["A", "B", "C"])
        #expect(t.cues.map(\.id) == ["1", "2", "3"])
        #expect(d == ["1:1: note[parse]", "6:1: warning[parse]"])
    }

    @Test func missingIndexAndOutOfOrderNumbers() {
        let (t, d) = readSRT("00:00:01,000 --> 00:00:02,000\nA\n\n7\n00:00:03,000 --> 00:00:04,000\nB\n\n00:00:05,000 --> 00:00:06,000\nC\n")
        #expect(t.cues.map(\.id) == [nil, "7", nil])
        #expect(t.cues.count == 3)
        #expect(d.isEmpty)  // numbering is a validation rule, not a parse repair
    }

    @Test func numberOnlyTextLineStaysText() {
        let (t, _) = readSRT("1\n00:00:01,000 --> 00:00:02,000\n42\n\n2\n00:00:03,000 --> 00:00:04,000\n1.567.202.\n")
        #expect(t.cues.map(\.text) == ["42", "1.567.202."])
    }

    @Test func blankLineInsideText() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:00:02,000\nA\n\nstill A\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n")
        #expect(t.cues.map(\.text) == ["A\nstill A", "B"])
        #expect(d == ["4:1: warning[parse]"])
    }

    @Test func tagsAndOverrides() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>It's <b>you</b></i>\n<font color=\"#FF0000\">red</font> <u>u</u>\n")
        let c = t.cues[0]
        #expect(d.isEmpty)
        #expect(c.position == .top)
        #expect(c.lines[0].spans == [Span("It's ", style: .italic), Span("you", style: [.italic, .bold])])
        #expect(c.lines[1].spans == [Span("red", color: "#ff0000"), Span(" "), Span("u", style: .underline)])
    }

    @Test func italicAcrossLinesAndUnclosedTag() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:00:02,000\n<i>one\ntwo</i> <x>three\n")
        #expect(t.cues[0].lines[1].spans == [Span("two", style: .italic), Span(" three")])
        #expect(d == ["4:9: warning[tags]"])
        let (_, d2) = readSRT("1\n00:00:01,000 --> 00:00:02,000\n<b>never closed\n")
        #expect(d2 == ["3:1: warning[tags]"])
    }

    @Test func malformedTimingSkipsCueWithError() {
        let (t, d) = readSRT("1\n00:00:01,000 --> 00:61:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n")
        #expect(t.cues.map(\.text) == ["B"])
        #expect(d == ["2:18: error[parse]"])
    }

    @Test func timesPastNinetyNineHours() {
        let (t, d) = readSRT("1\n123:00:01,000 --> 123:00:02,000\nA\n")
        #expect(t.cues[0].start == .milliseconds(123 * 3_600_000 + 1000))
        #expect(d.isEmpty)
        #expect(SRT.write(t).contains("123:00:01,000 --> 123:00:02,000"))
    }

    @Test(arguments: [("zh-gb18030.srt", TextEncoding.gb18030), ("zh-big5.srt", .big5)])
    func legacyEncodings(file: String, encoding: TextEncoding) throws {
        let sink = DiagnosticSink()
        let t = try SRT.read(Fixtures.data("fixtures/subtitles/\(file)"), file: file, sink: sink)
        #expect(t.encoding == encoding)
        #expect(t.cues.count == 2)
        #expect(t.cues[0].text.hasPrefix("林"))
        #expect(t.cues[1].text.hasSuffix("家。"))
    }
}

@Suite struct SRTWriterTests {
    @Test func roundTripCanonicalBytes() throws {
        let canonical = try String(decoding: Fixtures.data("fixtures/subtitles/canonical.srt"), as: UTF8.self)
        let (t, d) = readSRT(canonical)
        #expect(d.isEmpty)
        #expect(SRT.write(t) == canonical)
    }

    @Test func writesStylesAndTop() {
        let cue = Cue(start: .milliseconds(0), end: .milliseconds(1001),
                      lines: [CueLine([Span("a", style: .italic), Span("b", style: [.bold, .underline], color: "#00ff00")])],
                      position: .top)
        let out = SRT.write(Track(file: "x", format: .srt, cues: [cue]))
        #expect(out == "1\n00:00:00,000 --> 00:00:01,001\n{\\an8}<i>a</i><font color=\"#00ff00\"><b><u>b</u></b></font>\n\n")
        let (back, d) = readSRT(out)
        #expect(d.isEmpty)
        #expect(back.cues[0].lines == cue.lines)
        #expect(back.cues[0].position == .top)
    }

    @Test func frameBasedTimesRoundOnceWithoutDrift() {
        let rate = FrameRate(30000, 1001)
        // Frame 107892 at 29.97 is 3599.996... s; summing rounded frame lengths would drift by seconds.
        let t = SubtitleTime.frames(107_892, rate: rate)
        #expect(t.milliseconds == 3_599_996)
        #expect(t.frame(at: rate) == (107_892, true))
        #expect(SubtitleTime.frames(1, rate: rate).milliseconds == 33)
    }
}

@Suite struct SubtitleDecodingTests {
    @Test func fastPathMatchesTheTextEngine() throws {
        let samples = ["1\n00:00:01,000 --> 00:00:02,000\n林动 Hello ñ ё ệ 👍🏽 ＡＢＣ ｶﾞ\n",
                       "1\n00:00:01,000 --> 00:00:02,000\ncafe\u{301} 가\u{11A8}\n",  // decomposed: must be NFC'd
                       "1\r\n00:00:01,000 --> 00:00:02,000\r\nx\r\n", "\u{FEFF}1\n00:00:01,000 --> 00:00:02,000\nx\n"]
        for s in samples {
            let data = Data(s.utf8)
            let fast = try SubtitleSource.decode(data, file: "x", encoding: nil)
            let slow = try TextDecoder.decode(data, file: "x")
            #expect(fast.text == slow.text)
            #expect(Array(fast.text.utf8) == Array(slow.text.utf8))
            #expect(fast.hadBOM == slow.hadBOM)
        }
        #expect(SubtitleSource.isStableUTF8(UnsafeBufferPointer(start: nil, count: 0)))
        let decomposed = Array("e\u{301}".utf8)
        #expect(!decomposed.withUnsafeBufferPointer { SubtitleSource.isStableUTF8($0) })
        let overlong: [UInt8] = [0xC0, 0x80]
        #expect(!overlong.withUnsafeBufferPointer { SubtitleSource.isStableUTF8($0) })
        #expect(throws: ChuhaiError.self) { try SubtitleSource.decode(Data([0x31, 0x0A, 0xFF]), file: "x", encoding: .utf8) }
    }

    /// The byte-level shortcuts (eight ASCII bytes at once, CJK lead bytes) agree with the
    /// per-scalar table for every BMP scalar, at every alignment, and still find a CR.
    @Test func stableScanShortcutsAgreeWithTheScalarTable() {
        func stable(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { SubtitleSource.isStableUTF8($0) } }
        for v in UInt32(0x80)...0xFFFF where !(0xD800...0xDFFF).contains(v) {
            let scalar = Array(String(Character(Unicode.Scalar(v)!)).utf8)
            let expected = SubtitleSource.isStableScalar(v)
            #expect(stable(scalar) == expected, "U+\(String(v, radix: 16))")
            #expect(stable(Array("0123456789".utf8) + scalar + Array("abcdefghi".utf8)) == expected)
        }
        for k in 0..<16 {
            var line = [UInt8](repeating: 0x41, count: 16)
            #expect(stable(line))
            line[k] = 0x0D
            #expect(!stable(line), "CR at \(k)")
        }
        // Truncated or broken CJK sequences are not taken for ideographs.
        #expect(!stable([0xE4, 0xB8]))
        #expect(!stable([0xE5, 0x80, 0x41]))
        #expect(stable(Array("林动走吧".utf8)))
    }
}

@Suite struct CueLinesStorageTests {
    /// One-line cues keep their line without an array; every way of reading and changing
    /// `lines` still behaves like a plain array.
    @Test func linesBehaveLikeAnArray() {
        var cue = Cue(start: .zero, end: .milliseconds(1000), lines: ["一"])
        #expect(cue.lines == ["一"] && cue.lineCount == 1 && cue.line(0) == "一" && cue.text == "一")
        cue.lines.append("二")
        #expect(cue.lines == ["一", "二"] && cue.lineCount == 2 && cue.text == "一\n二")
        cue.lines[1].spans = [Span("二", style: .italic)]
        #expect(cue.line(1).isStyled && cue.line(1).spans == [Span("二", style: .italic)])
        cue.lines.removeFirst()
        #expect(cue.lineCount == 1 && cue.line(0).isStyled)
        cue.lines.removeAll()
        #expect(cue.lineCount == 0 && cue.lines.isEmpty && cue.text == "")
        // No line and one empty line are different cues; the same lines built either way are equal.
        #expect(Cue(start: .zero, end: .zero, lines: []) != Cue(start: .zero, end: .zero, lines: [""]))
        var built = Cue(start: .zero, end: .zero, lines: ["a"])
        built.lines += ["b"]
        #expect(built == Cue(start: .zero, end: .zero, lines: ["a", "b"]))
    }
}

@Suite struct ByteTextScanTests {
    /// The eight-bytes-at-a-time scan finds `>`, `<` and `{` at every position, as a byte loop does.
    @Test func arrowAndMarkupScanMatchesAByteLoop() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("ab >< {}-->林动，".utf8)
        for _ in 0..<500 {
            let bytes = (0..<rng.next(0...40)).map { _ in alphabet[rng.below(alphabet.count)] }
            bytes.withUnsafeBufferPointer { buf in
                let text = ByteText(buf)
                for start in 0...min(3, bytes.count) {
                    let r = start..<bytes.count
                    let got = text.scanArrowAndMarkup(r)
                    #expect(got.arrow == bytes[r].contains(0x3E))
                    #expect(got.markup == bytes[r].contains { $0 == 0x3C || $0 == 0x7B })
                }
            }
        }
    }
}

/// Large files are parsed in two halves at once; the result must be the sequential parse's.
@Suite struct SRTParallelParseTests {
    func both(_ text: String) -> (sequential: (Track, [Diagnostic]), halves: (Track, [Diagnostic])) {
        let source = SubtitleSource(text: text, encoding: .utf8, hadBOM: false)
        let a = DiagnosticSink(), b = DiagnosticSink()
        let s = SRT.parse(source, file: "big.srt", sink: a, parallelThreshold: .max)
        let h = SRT.parse(source, file: "big.srt", sink: b, parallelThreshold: 0)
        return ((s, a.diagnostics), (h, b.diagnostics))
    }

    func expectSame(_ text: String) {
        let (s, h) = both(text)
        #expect(h.0.cues == s.0.cues)
        #expect(h.0.cues.map(\.location) == s.0.cues.map(\.location))
        #expect(h.1.map(\.description) == s.1.map(\.description))
        #expect(h.1.map(\.item) == s.1.map(\.item))
    }

    @Test func cleanFileSplitsAtACueBoundary() {
        var text = ""
        for n in 1...400 { text += "\(n)\n00:00:\(String(format: "%02d", n % 60)),000 --> 00:00:\(String(format: "%02d", n % 60)),500\n第\(n)句<i>台词</i>\n第二行\n\n" }
        let (s, h) = both(text)
        #expect(s.0.cues.count == 400 && s.1.isEmpty)
        var bytes = text
        #expect(bytes.withUTF8 { SRT.cueBoundary(near: ByteText($0).lineCount / 2, in: ByteText($0)) } != nil)
        #expect(h.0.cues == s.0.cues)
        expectSame(text)
    }

    @Test func repairsAndFindingsInBothHalvesKeepTheirCueNumbers() throws {
        // The tolerant-reader fixture many times over: findings in both halves, numbers past the split.
        let one = try String(contentsOf: Fixtures.url("fixtures/subtitles/bad/repairs.srt"), encoding: .utf8)
        let text = String(repeating: one + "\n", count: 40)
        let (s, h) = both(text)
        var bytes = text
        let boundary = bytes.withUTF8 { SRT.cueBoundary(near: ByteText($0).lineCount / 2, in: ByteText($0)) }
        #expect(boundary != nil, "the test must really split")
        #expect(s.1.count > 40, "the fixture yields findings in every copy")
        #expect(s.1.contains { ($0.item ?? 0) > s.0.cues.count / 2 }, "findings past the split name later cues")
        #expect(h.0.cues == s.0.cues)
        expectSame(text)
    }
}
