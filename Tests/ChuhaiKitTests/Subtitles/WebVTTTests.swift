import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

func readVTT(_ s: String) -> (Track, [String]) {
    let sink = DiagnosticSink()
    let track = WebVTT.parse(s, file: "t.vtt", sink: sink)
    return (track, sink.diagnostics.map { "\($0.location.line ?? 0):\($0.location.column ?? 0): \($0.severity.rawValue)[\($0.rule)]" })
}

/// Cases follow the W3C wpt `webvtt/parsing/file-parsing` categories (signature, header, ids,
/// arrows, timings, settings, stylesheets), rewritten as Swift expectations.
@Suite struct WebVTTReaderTests {
    @Test(arguments: [
        ("WEBVTT", 0), ("WEBVTT\n", 0), ("WEBVTT foo\n\n00:01.000 --> 00:02.000\na", 1),
        ("WEBVTT\tbar\n\n00:01.000 --> 00:02.000\na", 1), ("WEBVTTX\n\n00:01.000 --> 00:02.000\na", -1),
        ("WEBVT\n\n00:01.000 --> 00:02.000\na", -1), ("webvtt\n\n00:01.000 --> 00:02.000\na", -1),
    ])
    func signature(input: String, cues: Int) {
        let (t, d) = readVTT(input)
        if cues < 0 {
            #expect(t.cues.isEmpty)
            #expect(d == ["1:1: error[parse]"])
        } else {
            #expect(t.cues.count == cues)
            #expect(d.isEmpty)
        }
    }

    @Test func bomAndHeaderFollowedDirectlyByCue() throws {
        let sink = DiagnosticSink()
        let t = try WebVTT.read(Data([0xEF, 0xBB, 0xBF]) + Data("WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi\n".utf8), file: "b.vtt", sink: sink)
        #expect(t.cues.map(\.text) == ["hi"])
        #expect(sink.diagnostics.isEmpty)
    }

    @Test func headerMetadataNoteStyleRegion() {
        let (t, d) = readVTT("""
            WEBVTT
            Kind: captions
            Language: ja

            REGION
            id:r1 width:40%

            STYLE
            ::cue(.hot) { color: #ff8800; }

            NOTE this is a comment
            spanning lines

            intro
            00:00.000 --> 00:01.500 align:start line:0
            <c.hot>熱い</c> <c.yellow>黄</c>

            """)
        #expect(d.isEmpty)
        #expect(t.language == "ja")
        #expect(t.cues.count == 1)
        let c = t.cues[0]
        #expect(c.id == "intro")
        #expect(c.end == .milliseconds(1500))
        #expect(c.position == .top)
        #expect(c.vttSettings == "align:start line:0")
        #expect(c.lines[0].spans == [Span("熱い", color: "#ff8800"), Span(" "), Span("黄", color: "yellow")])
    }

    @Test func timestampStrictness() {
        let (t, d) = readVTT("WEBVTT\n\n00:01,000 --> 00:02.000\ncomma\n\n00:01.00 --> 00:02.000\ntwo digits\n\n00:01.0000 --> 00:02.000\nfour\n\n00:60.000 --> 00:61.000\nsixty\n\n1:00:00.000 --> 1:00:01.000\none-digit hours ok\n\n100:00:00.000 --> 100:00:01.000\nlong hours\n")
        #expect(t.cues.map(\.text) == ["one-digit hours ok", "long hours"])
        #expect(t.cues[1].start == .milliseconds(360_000_000))
        #expect(d == ["3:1: error[parse]", "6:1: error[parse]", "9:1: error[parse]", "12:1: error[parse]"])
    }

    @Test func negativeDurationIsKept() {
        // wpt timings-negative: the parser keeps it; validation flags it.
        let (t, d) = readVTT("WEBVTT\n\n00:02.000 --> 00:01.000\nback\n")
        #expect(t.cues.count == 1)
        #expect(d.isEmpty)
    }

    @Test func arrowInPayloadEndsCue() {
        let (t, d) = readVTT("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n00:03.000 --> 00:04.000\nsecond\n")
        #expect(t.cues.map(\.text) == ["first", "second"])
        #expect(d == ["5:1: warning[parse]"])
    }

    @Test func blockWithTextBeforeIdIsSkipped() {
        // Two lines before the arrow: the block is dropped, the arrow line starts a new cue without id.
        let (t, d) = readVTT("WEBVTT\n\nfoo\nbar\n00:01.000 --> 00:02.000\nx\n")
        #expect(t.cues.count == 1)
        #expect(t.cues[0].id == nil)
        #expect(d == ["3:1: warning[parse]"])
    }

    @Test func styleAfterCueIsIgnored() {
        let (t, d) = readVTT("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nSTYLE\n::cue { color: red }\n")
        #expect(t.cues.count == 1)
        #expect(d == ["6:1: warning[parse]"])
    }

    @Test func settingsValidation() {
        let (t, d) = readVTT("WEBVTT\n\n00:01.000 --> 00:02.000 vertical:xx line:-2 size:120% foo:bar position:30%,line-left align:middle\nx\n")
        #expect(t.cues[0].vttSettings == "line:-2 position:30%,line-left")
        #expect(t.cues[0].position == .bottom)
        #expect(d == ["3:25: warning[parse]", "3:45: warning[parse]", "3:55: warning[parse]", "3:86: warning[parse]"])
    }

    @Test func cueTextTagsEntitiesRubyVoice() {
        let (t, d) = readVTT("WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Mary>Tom &amp; <i>Jerry</i> &lt;3 &rlm;x\n<ruby>漢<rt>かん</rt></ruby><00:00:01.500><b>b</b> <blink>z</blink> &bogus;\n")
        let c = t.cues[0]
        #expect(c.speaker == "Mary")
        #expect(c.lines[0].spans == [Span("Tom & "), Span("Jerry", style: .italic), Span(" <3 \u{200F}x")])
        #expect(c.lines[1].spans == [Span("漢", ruby: "かん"), Span("b", style: .bold), Span(" z &bogus;")])
        #expect(c.lines[1].text == "漢b z &bogus;")
        #expect(d == ["5:49: warning[tags]", "5:57: warning[tags]", "5:66: warning[tags]"])
    }
}

/// REGION blocks (wpt `regions-*`): settings a browser would skip are reported with line:column.
@Suite struct WebVTTRegionTests {
    @Test func regionsPlaceCuesUnlessLineSays() {
        let (t, d) = readVTT("""
            WEBVTT

            REGION
            id:upper width:80% lines:2
            regionanchor:0%,0% viewportanchor:10%,10% scroll:up

            REGION
            id:lower viewportanchor:10%,90%

            REGION
            id:plain

            00:01.000 --> 00:02.000 region:upper
            a

            00:03.000 --> 00:04.000 region:upper line:-1
            b

            00:05.000 --> 00:06.000 region:lower
            c

            00:07.000 --> 00:08.000 region:plain
            d

            """)
        #expect(d.isEmpty)
        #expect(t.cues.map(\.position) == [.top, .bottom, .bottom, .bottom])
        // The region's effect is the position; `region:` itself is not kept (no REGION block is written back).
        #expect(t.cues[0].vttSettings == nil)
    }

    @Test func invalidSettingsAreSkippedWithWarnings() {
        let (t, d) = readVTT("""
            WEBVTT

            REGION
            id:r width:120% lines:2x regionanchor:10% viewportanchor:0%,90% scroll:down colour:red novalue

            REGION
            id:r viewportanchor:0%,40.5%

            REGION
            width:50%

            00:01.000 --> 00:02.000 region:r
            a

            00:03.000 --> 00:04.000 region:nowhere
            b

            REGION
            id:late viewportanchor:0%,0%

            """)
        #expect(d == [
            "4:6: warning[parse]", "4:17: warning[parse]", "4:26: warning[parse]", "4:65: warning[parse]", "4:77: warning[parse]",
            "4:88: warning[parse]", "6:1: warning[parse]", "9:1: warning[parse]", "15:25: warning[parse]", "18:1: warning[parse]",
        ])
        // The later `r` block (viewport y 40.5%) replaced the first; its valid settings still count.
        #expect(t.cues.map(\.position) == [.top, .bottom])
    }
}

@Suite struct WebVTTWriterTests {
    @Test func regionPlacementSurvivesRewritingWithoutTheRegion() {
        let (t, _) = readVTT("WEBVTT\n\nREGION\nid:top\nviewportanchor:10%,10%\n\n00:00:01.000 --> 00:00:02.000 region:top align:start\nhello\n\n00:00:03.000 --> 00:00:04.000 region:top\nworld\n")
        let out = WebVTT.write(t)
        #expect(!out.contains("region:"), "REGION blocks are not written, so no cue may name one")
        #expect(out.contains("00:00:01.000 --> 00:00:02.000 align:start line:0\nhello"))
        #expect(out.contains("00:00:03.000 --> 00:00:04.000 line:0\nworld"))
    }

    @Test func roundTripCanonicalBytes() throws {
        let canonical = try String(decoding: Fixtures.data("fixtures/subtitles/canonical.vtt"), as: UTF8.self)
        let (t, d) = readVTT(canonical)
        #expect(d.isEmpty)
        #expect(WebVTT.write(t) == canonical)
    }

    @Test func srtToVTTKeepsStylesPositionAndColours() {
        let (srt, _) = readSRT("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>a</i> <font color=\"#123456\">c</font> <font color=yellow>y</font> x --> y & z\n")
        let vtt = WebVTT.write(srt)
        #expect(vtt == "WEBVTT\n\nSTYLE\n::cue(.color-123456) { color: #123456; }\n\n1\n00:00:01.000 --> 00:00:02.000 line:0\n<i>a</i> <c.color-123456>c</c> <c.yellow>y</c> x --&gt; y &amp; z\n\n")
        let (back, d) = readVTT(vtt)
        #expect(d.isEmpty)
        #expect(back.cues[0].lines == srt.cues[0].lines)
        #expect(back.cues[0].position == .top)
    }
}
