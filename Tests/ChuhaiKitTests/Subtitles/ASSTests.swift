import Foundation
import Testing

@testable import ChuhaiKit

@Suite struct ASSReaderTests {
    @Test func dialogueStylesOverridesAndBreaks() {
        let sink = DiagnosticSink()
        let t = ASS.parse("""
            [Script Info]
            ScriptType: v4.00+

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Italic, Underline, Alignment
            Style: Default,Arial,20,&H00FFFFFF,0,0,0,2
            Style: Sign,Arial,20,&H00FFFFFF,0,-1,0,8

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
            Dialogue: 0,0:00:01.50,0:00:03.00,Default,林动,0,0,0,,你好，{\\i1}世界{\\i0}\\N第二行, 逗号
            Dialogue: 0,0:00:04.00,0:00:05.00,Sign,,0,0,0,,top sign
            Dialogue: 0,0:00:06.00,0:00:07.00,Default,,0,0,0,,{\\an8}{\\c&H0000FF&}red{\\fs20}
            Dialogue: 0,bad,0:00:07.00,Default,,0,0,0,,x
            """, file: "a.ass", sink: sink)
        #expect(t.cues.count == 3)
        #expect(t.cues[0].start == .milliseconds(1500))
        #expect(t.cues[0].speaker == "林动")
        #expect(t.cues[0].lines == [CueLine([Span("你好，"), Span("世界", style: .italic)]), "第二行, 逗号"])
        #expect(t.cues[1].position == .top)
        #expect(t.cues[1].lines[0].spans == [Span("top sign", style: .italic)])
        #expect(t.cues[2].position == .top)
        #expect(t.cues[2].lines[0].spans == [Span("red", color: "#ff0000")])
        let d = sink.diagnostics.map { "\($0.location.line!):\($0.location.column!): \($0.severity.rawValue)[\($0.rule)]" }
        #expect(d == ["13:73: note[tags]", "14:1: error[parse]"])
    }
}
