import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

func readTTML(_ s: String) throws -> (Track, [String]) {
    let sink = DiagnosticSink()
    let track = try TTML.read(Data(s.utf8), file: "t.ttml", sink: sink)
    return (track, sink.diagnostics.map { "\($0.location.line ?? 0): \($0.severity.rawValue)[\($0.rule)]" })
}

@Suite struct TTMLTimeTests {
    @Test func expressions() {
        var t = TTMLTiming()
        t.frameRate = 25
        t.frameRateDeclared = true
        t.tickRate = (10_000_000, 1)
        #expect(t.parse("00:00:01.5")?.0 == .milliseconds(1500))
        #expect(t.parse("00:00:01:10")?.0 == .milliseconds(1400))
        #expect(t.parse("01:00:00:00.1")?.0 == .milliseconds(3_600_000) + SubtitleTime(value: 1, scale: 25))
        #expect(t.parse("1.5s")?.0 == .milliseconds(1500))
        #expect(t.parse("40f")?.0 == .milliseconds(1600))
        #expect(t.parse("30000000t")?.0 == .milliseconds(3000))
        #expect(t.parse("250ms")?.0 == .milliseconds(250))
        #expect(t.parse("1h")?.0 == .seconds(3600))
        #expect(t.parse("2m")?.0 == .seconds(120))
        #expect(t.parse("0.001h")?.0 == .milliseconds(3600))
        #expect(t.parse("123:00:00.000")?.0 == .seconds(123 * 3600))
        for bad in ["1:00:00.000", "00:60:00.000", "1.5x", "", "s", "00:00:1.5"] { #expect(t.parse(bad) == nil, "\(bad)") }
    }

    @Test func ntscFramesAreExact() throws {
        let doc = """
            <tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001">
            <body><div><p begin="107892f" end="107922f">x</p></div></body></tt>
            """
        let (t, d) = try readTTML(doc)
        #expect(d.isEmpty)
        #expect(t.frameRate == FrameRate(30000, 1001))
        #expect(t.cues[0].start == .frames(107_892, rate: FrameRate(30000, 1001)))
        #expect(t.cues[0].start.milliseconds == 3_599_996)
        // Written back frame-exact, read back identical.
        let (back, _) = try readTTML(TTML.write(t))
        #expect(back.cues[0].start == t.cues[0].start && back.cues[0].end == t.cues[0].end)
    }

    @Test func tickRateDefaultsFromFrameRate() throws {
        let (t, _) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="24" ttp:subFrameRate="2">
            <body><p begin="48t" end="96t">x</p></body></tt>
            """)
        #expect(t.cues[0].start == .seconds(1))
        #expect(t.cues[0].end == .seconds(2))
    }
}

@Suite struct TTMLReaderTests {
    @Test func nestedTimingIsRelativeToParentBegin() throws {
        let (t, d) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml">
            <body begin="10s">
              <div begin="5s" end="20s">
                <p begin="1s" end="3s">a</p>
                <p begin="14s" end="30s">clipped by div</p>
                <p begin="2s" dur="500ms">dur</p>
              </div>
              <div begin="100s" timeContainer="seq">
                <p dur="1s">s1</p>
                <p dur="2s">s2</p>
              </div>
            </body></tt>
            """)
        #expect(d.isEmpty)
        #expect(t.cues.map(\.text) == ["a", "clipped by div", "dur", "s1", "s2"])
        #expect(t.cues.map(\.start) == [.seconds(16), .seconds(29), .seconds(17), .seconds(110), .seconds(111)])
        #expect(t.cues.map(\.end) == [.seconds(18), .seconds(30), .milliseconds(17_500), .seconds(111), .seconds(113)])
    }

    @Test func timedSpansSplitTheParagraph() throws {
        let (t, _) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml"><body><div>
            <p begin="1s" end="4s">always <span begin="1s" end="2s">later</span></p>
            </div></body></tt>
            """)
        #expect(t.cues.map(\.text) == ["always", "always later", "always"])
        #expect(t.cues.map(\.start) == [.seconds(1), .seconds(2), .seconds(3)])
    }

    @Test func stylesRegionsBrAndAgents() throws {
        let (t, d) = try readTTML("""
            <?xml version="1.0" encoding="UTF-8"?>
            <tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttm="http://www.w3.org/ns/ttml#metadata" xml:lang="ja">
            <head>
              <metadata><ttm:agent xml:id="a1" type="character"><ttm:name type="full">花子</ttm:name></ttm:agent></metadata>
              <styling>
                <style xml:id="base" tts:color="white"/>
                <style xml:id="it" style="base" tts:fontStyle="italic"/>
              </styling>
              <layout>
                <region xml:id="r1" tts:origin="10% 5%" tts:extent="80% 20%"/>
                <region xml:id="r2" tts:origin="10% 75%" tts:extent="80% 20%"/>
              </layout>
            </head>
            <body><div>
              <p begin="00:00:01.000" end="00:00:02.000" region="r1" ttm:agent="a1">
                 first   line<br/>
                 <span style="it">second</span> <span tts:fontWeight="bold" tts:textDecoration="underline">line</span>
              </p>
              <p begin="00:00:03.000" end="00:00:04.000" region="r2"><span tts:ruby="container"><span tts:ruby="base">漢</span><span tts:ruby="text">かん</span></span></p>
            </div></body></tt>
            """)
        #expect(d.isEmpty)
        #expect(t.language == "ja")
        let c = t.cues[0]
        #expect(c.position == .top)
        #expect(c.speaker == "花子")
        #expect(c.lines.count == 2)
        #expect(c.lines[0].spans == [Span("first line")])
        #expect(c.lines[1].spans == [Span("second", style: .italic, color: "white"), Span(" "), Span("line", style: [.bold, .underline])])
        #expect(t.cues[1].position == .bottom)
        #expect(t.cues[1].lines[0].spans == [Span("漢", ruby: "かん")])
    }

    @Test func dfxpOldNamespaceWithTicks() throws {
        let (t, d) = try readTTML("""
            <tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" xmlns:tts="http://www.w3.org/2006/10/ttaf1#style" ttp:tickRate="10000000">
            <head><styling><style id="s1" tts:fontStyle="italic"/></styling></head>
            <body><div><p begin="10000000t" end="25000000t"><span tts:fontStyle="italic">old</span> dfxp</p></div></body></tt>
            """)
        #expect(d.isEmpty)
        #expect(t.cues[0].start == .seconds(1))
        #expect(t.cues[0].end == .milliseconds(2500))
        #expect(t.cues[0].lines[0].spans == [Span("old", style: .italic), Span(" dfxp")])
    }

    @Test func problemsAreDiagnosed() throws {
        let (t, d) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml">
            <body>
            <p begin="2s">no end</p>
            <p begin="1x" end="2s">bad</p>
            <p begin="1f" end="2f">frames without rate</p>
            </body></tt>
            """)
        #expect(t.cues.map(\.text) == ["frames without rate"])
        #expect(d == ["3: error[parse]", "4: error[parse]", "5: warning[frame-rate]"])
        #expect(throws: ChuhaiError.self) { try readTTML("<tt><body><p>unclosed</body></tt>") }
    }

    /// Paragraphs are read as they are parsed; what the document says later must still count.
    @Test func headAfterBodyStillStylesAndPlacesCues() throws {
        let (t, d) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">
            <body><div><p begin="1s" end="2s" region="up" style="it">a</p><p begin="3s" end="4s" style="gone">b</p></div></body>
            <head><styling><style xml:id="it" tts:fontStyle="italic"/></styling>
            <layout><region xml:id="up" tts:origin="10% 5%" tts:extent="80% 20%"/></layout></head>
            </tt>
            """)
        #expect(t.cues.map(\.text) == ["a", "b"])
        #expect(t.cues[0].position == .top)
        #expect(t.cues[0].lines[0].spans == [Span("a", style: .italic)])
        #expect(d == ["2: warning[parse]"])
    }

    @Test func seqContainersSkippedDivsAndIgnoredElements() throws {
        let (t, d) = try readTTML("""
            <tt xmlns="http://www.w3.org/ns/ttml"><head/>
            <body timeContainer="seq">
              <div dur="2s"><p>one</p></div>
              <div begin="bad"><p begin="0s" end="1s">never</p></div>
              <div dur="1s"><p>two</p><foo><p begin="0s" end="1s">hidden</p></foo></div>
              <metadata><p begin="0s" end="1s">meta</p></metadata>
            </body>
            <body><p begin="0s" end="1s">second body</p></body></tt>
            """)
        #expect(t.cues.map(\.text) == ["one", "two"])
        #expect(t.cues.map(\.start) == [.zero, .seconds(2)])
        #expect(t.cues.map(\.end) == [.seconds(2), .seconds(3)])
        // The bad begin is reported when the div starts and again when the seq parent times the next child.
        #expect(d == ["4: error[parse]", "4: error[parse]", "5: warning[parse]"])
    }

    @Test func malformedDocumentReportsOnlyTheXMLError() throws {
        let sink = DiagnosticSink()
        let doc = "<tt xmlns=\"http://www.w3.org/ns/ttml\"><head/><body><p begin=\"x\" end=\"1s\">bad time</p>\n<p>unclosed</body></tt>"
        #expect(throws: ChuhaiError.self) { try TTML.read(Data(doc.utf8), file: "m.ttml", sink: sink) }
        #expect(sink.diagnostics.isEmpty)
    }
}

@Suite struct TTMLWriterTests {
    @Test func writesIMSCAndRoundTrips() throws {
        let (srt, _) = readSRT("1\n00:00:01,000 --> 00:00:02,500\n{\\an8}<i>Hello</i> & <b>you</b>\nline 2\n\n2\n00:00:03,000 --> 00:00:04,000\n<font color=\"#ffff00\">黄</font>\n")
        var track = srt
        track.language = "en"
        let xml = TTML.write(track)
        #expect(xml == (try String(decoding: Fixtures.data("fixtures/subtitles/canonical.ttml"), as: UTF8.self)))
        let (back, d) = try readTTML(xml)
        #expect(d.isEmpty)
        #expect(back.cues.map(\.lines) == track.cues.map(\.lines))
        #expect(back.cues.map(\.position) == [.top, .bottom])
        #expect(TTML.write(back) == xml)
    }

    @Test func integerFrameRateUsesClockFrames() throws {
        var t = Track(file: "x", format: .ttml, frameRate: FrameRate(25))
        t.cues = [Cue(start: .frames(26, rate: FrameRate(25)), end: .frames(60, rate: FrameRate(25)), lines: ["x"])]
        let xml = TTML.write(t)
        #expect(xml.contains("ttp:frameRate=\"25\""))
        #expect(xml.contains("begin=\"00:00:01:01\" end=\"00:00:02:10\""))
        let (back, _) = try readTTML(xml)
        #expect(back.cues[0].start == t.cues[0].start)
    }
}
