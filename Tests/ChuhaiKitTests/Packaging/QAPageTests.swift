import ChuhaiKit
import Foundation
import Testing

@Suite struct QAPageTests {
    let diagnostics = [
        Diagnostic(.error, rule: "ingest.srt", "end 00:00:01,200 precedes start <b>&", at: SourceLocation(file: "drama/ep3.srt", line: 12, column: 18),
                   sourceLine: "00:00:02,000 --> 00:00:01,200"),
        Diagnostic(.warning, rule: "qa.cps", "27 characters per second; the limit is 20", at: SourceLocation(file: "drama/ep1.srt", line: 4, column: 3),
                   sourceLine: "「丹田空了。」师父叹道。"),
        Diagnostic(.warning, rule: "qa.cps", "23 characters per second", at: SourceLocation(file: "drama/ep1.srt", line: 2)),
    ]

    @Test func pageIsEscapedSelfContainedAndGroupedByFile() throws {
        let html = QAPage.html(diagnostics, files: ["drama/ep1.srt", "drama/ep2.srt", "drama/ep3.srt"], title: "demo <en>")
        #expect(html.contains("<title>QA report: demo &lt;en&gt;</title>"))
        #expect(html.contains("precedes start &lt;b&gt;&amp;"))
        #expect(!html.contains("<b>&"))
        for external in ["<script", "<link", "src=", "url(", "@import", "http://", "https://"] {
            #expect(!html.contains(external), "qa.html must not load \(external)")
        }
        // Files in order, the clean one listed as clean, findings by line.
        let ep1 = html.range(of: "<code>drama/ep1.srt</code>")!.lowerBound
        let ep2 = html.range(of: "<code>drama/ep2.srt</code>")!.lowerBound
        let ep3 = html.range(of: "<code>drama/ep3.srt</code>")!.lowerBound
        #expect(ep1 < ep2 && ep2 < ep3)
        #expect(html[ep2...].hasPrefix("<code>drama/ep2.srt</code></h3>\n<p class=\"clean\">No findings.</p>"))
        #expect(html.range(of: "23 characters")!.lowerBound < html.range(of: "27 characters")!.lowerBound)
        // Caret under column 3 of a CJK line: 「丹 is 4 columns wide.
        #expect(html.contains("「丹田空了。」师父叹道。\n    ^</pre>"))
        #expect(html.contains("<tr><td><code>qa.cps</code></td><td class=\"n\">0</td><td class=\"n\">2</td><td class=\"n\">0</td></tr>"))
        _ = try XML.parse(Data(html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "")
            .replacingOccurrences(of: "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", with: "").utf8), file: "qa.html")
    }

    @Test func jsonIsOrderedAndStable() throws {
        let a = QAPage.json(diagnostics, files: ["drama/ep3.srt", "drama/ep1.srt"])
        #expect(a == QAPage.json(diagnostics.reversed(), files: ["drama/ep1.srt", "drama/ep3.srt"]))
        let doc = try JSONValue.parse(Data(a.utf8), file: "qa.json").value
        #expect(doc["errors"]?.value.intValue == 1)
        #expect(doc["diagnostics"]?.value.arrayValue?.map { $0.value["line"]?.value.intValue } == [2, 4, 12])
    }
}
