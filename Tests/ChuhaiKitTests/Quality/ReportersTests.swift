import Foundation
import Testing

@testable import ChuhaiKit

@Suite struct ReportersTests {
    static let report = DiagnosticReport(
        files: ["a b.srt", "ok.srt"],
        diagnostics: [
            Diagnostic(.error, rule: "overlap", "cue 2 starts at 00:00:01.000 before cue 1 ends at 00:00:02.000",
                       at: SourceLocation(file: "a b.srt", line: 6, column: 1), item: 2),
            Diagnostic(.warning, rule: "reading-speed", "cue 3 reads at 25.0 cps, 50%, a:b",
                       at: SourceLocation(file: "a b.srt", line: 10, column: 1), item: 3),
            Diagnostic(.note, rule: "frame-rate", "no frame rate\nsecond line", at: SourceLocation(file: "a b.srt")),
        ], tool: "chuhai validate")

    @Test func sarifIsStructurallyValid() throws {
        let json = try JSONSerialization.jsonObject(with: Data(Self.report.render(.sarif).utf8)) as! [String: Any]
        #expect(json["version"] as? String == "2.1.0")
        #expect((json["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = (json["runs"] as! [[String: Any]])[0]
        let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
        #expect(driver["name"] as? String == "chuhai validate")
        let rules = driver["rules"] as! [[String: Any]]
        #expect(rules.map { $0["id"] as! String } == ["frame-rate", "overlap", "reading-speed"])
        let results = run["results"] as! [[String: Any]]
        #expect(results.count == 3)
        #expect(results.map { $0["level"] as! String } == ["error", "warning", "note"])
        for r in results {
            let id = r["ruleId"] as! String
            #expect(rules[r["ruleIndex"] as! Int]["id"] as? String == id)
            #expect(((r["message"] as! [String: Any])["text"] as? String)?.isEmpty == false)
            let loc = ((r["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])
            #expect((loc["artifactLocation"] as! [String: Any])["uri"] as? String == "a%20b.srt")
        }
        let region = (((results[0]["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])["region"] as! [String: Any])
        #expect(region["startLine"] as? Int == 6)
        #expect(region["startColumn"] as? Int == 1)
    }

    @Test func junitHasOneTestcasePerFile() throws {
        let xml = Self.report.render(.junit)
        let doc = try XML.parse(Data(xml.utf8), file: "junit.xml")
        #expect(doc.root.name == "testsuites")
        #expect(doc.root.attribute("failures") == "1")
        let cases = doc.root.descendants(named: "testcase")
        #expect(cases.map { $0.attribute("name") } == ["a b.srt", "ok.srt"])
        let failure = cases[0].firstElement(named: "failure")
        #expect(failure?.attribute("type") == "overlap")
        #expect(failure?.textContent.contains("a b.srt:6:1: error[overlap]") == true)
        #expect(cases[0].firstElement(named: "system-out")?.textContent.contains("warning[reading-speed]") == true)
        #expect(cases[1].children.isEmpty)
    }

    @Test func githubWorkflowCommandsEscape() {
        let lines = Self.report.render(.github).split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error file=a b.srt,line=6,col=1,title=chuhai [overlap]::cue 2 starts at 00:00:01.000 before cue 1 ends at 00:00:02.000",
            "::warning file=a b.srt,line=10,col=1,title=chuhai [reading-speed]::cue 3 reads at 25.0 cps, 50%25, a:b",
            "::notice file=a b.srt,title=chuhai [frame-rate]::no frame rate%0Asecond line",
        ])
    }
}
