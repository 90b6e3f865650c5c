import Foundation

/// CI renderings of a `DiagnosticReport`: JUnit XML, SARIF 2.1.0 and GitHub workflow commands.
enum DiagnosticReporters {
    /// Short rule descriptions for SARIF's `tool.driver.rules`.
    static let ruleDescriptions: [String: String] = [
        "parse": "The file could not be read as its format defines, or a tolerated variant was repaired.",
        "encoding": "The file is not in the encoding the delivery requires (UTF-8), or has invalid bytes.",
        "empty-cue": "A cue has no text.",
        "order": "Cues are not in time order, or a cue ends before it starts.",
        "overlap": "A cue starts before the previous one ends.",
        "duration-min": "A cue is shown for less than the minimum duration.",
        "duration-max": "A cue is shown for longer than the maximum duration.",
        "gap-min": "The gap between two cues is shorter than the minimum.",
        "reading-speed": "A cue has more characters per second (or words per minute) than the limit.",
        "line-length": "A line has more characters than the limit.",
        "line-count": "A cue has more lines than the limit.",
        "numbering": "SRT cue numbers are missing or out of sequence, or WebVTT ids repeat.",
        "punctuation": "Punctuation does not follow the language's style guide.",
        "tags": "Markup is unknown, unbalanced, or not allowed by the delivery.",
        "frame-rate": "The frame rate is missing or not accepted by the delivery.",
        "bidi": "A right-to-left line lacks a direction mark.",
    ]

    /// One `<testcase>` per file; a file with errors gets one `<failure>` listing them all
    /// (strict JUnit schemas allow one failure per test case); warnings go to `<system-out>`.
    static func junit(_ r: DiagnosticReport) -> String {
        var byFile: [String: [Diagnostic]] = [:]
        for d in r.diagnostics { byFile[d.location.file, default: []].append(d) }
        let files = r.files + byFile.keys.filter { !r.files.contains($0) }.sorted()
        let failed = files.filter { (byFile[$0] ?? []).contains { $0.severity == .error } }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(XML.escape(r.tool, attribute: true))\" tests=\"\(files.count)\" failures=\"\(failed)\" errors=\"0\">\n"
        out += "  <testsuite name=\"\(XML.escape(r.tool, attribute: true))\" tests=\"\(files.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
        for file in files {
            let ds = byFile[file] ?? []
            let errors = ds.filter { $0.severity == .error }
            let others = ds.filter { $0.severity != .error }
            out += "    <testcase classname=\"\(XML.escape(r.tool, attribute: true))\" name=\"\(XML.escape(file, attribute: true))\" file=\"\(XML.escape(file, attribute: true))\""
            if errors.isEmpty && others.isEmpty {
                out += "/>\n"
                continue
            }
            out += ">\n"
            if !errors.isEmpty {
                let rules = Set(errors.map(\.rule)).sorted().joined(separator: ",")
                out += "      <failure message=\"\(errors.count) error(s): \(XML.escape(errors[0].message, attribute: true))\" type=\"\(XML.escape(rules, attribute: true))\">"
                out += XML.escape(errors.map(\.description).joined(separator: "\n"))
                out += "</failure>\n"
            }
            if !others.isEmpty {
                out += "      <system-out>" + XML.escape(others.map(\.description).joined(separator: "\n")) + "</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// SARIF 2.1.0 (OASIS), one run, rules listed in the driver, results with physical locations.
    static func sarif(_ r: DiagnosticReport) -> String {
        struct Message: Encodable { var text: String }
        struct ArtifactLocation: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int? }
        struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation; var region: Region? }
        struct Location: Encodable { var physicalLocation: PhysicalLocation }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Message
            var locations: [Location]
        }
        struct Rule: Encodable {
            var id: String
            var shortDescription: Message
        }
        struct Driver: Encodable {
            var name: String
            var version: String
            var rules: [Rule]
        }
        struct Tool: Encodable { var driver: Driver }
        struct Artifact: Encodable { var location: ArtifactLocation }
        struct Run: Encodable {
            var tool: Tool
            var artifacts: [Artifact]
            var results: [Result]
        }
        struct Log: Encodable {
            var schema: String
            var version: String
            var runs: [Run]
            enum CodingKeys: String, CodingKey {
                case schema = "$schema"
                case version, runs
            }
        }
        let ruleIds = Set(r.diagnostics.map(\.rule)).sorted()
        let rules = ruleIds.map { Rule(id: $0, shortDescription: Message(text: ruleDescriptions[$0] ?? $0)) }
        func uri(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path }
        let results = r.diagnostics.map { d in
            Result(ruleId: d.rule, ruleIndex: ruleIds.firstIndex(of: d.rule)!,
                   level: d.severity == .error ? "error" : d.severity == .warning ? "warning" : "note",
                   message: Message(text: d.message),
                   locations: [Location(physicalLocation: PhysicalLocation(
                       artifactLocation: ArtifactLocation(uri: uri(d.location.file)),
                       region: d.location.line.map { Region(startLine: max(1, $0), startColumn: d.location.column) }))])
        }
        let log = Log(schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0",
                      runs: [Run(tool: Tool(driver: Driver(name: r.tool, version: ChuhaiKit.version, rules: rules)),
                                 artifacts: r.files.map { Artifact(location: ArtifactLocation(uri: uri($0))) }, results: results)])
        return JSON.encode(log) + "\n"
    }

    /// `::error file=…,line=…,col=…,title=…::message` (GitHub Actions workflow commands).
    static func github(_ r: DiagnosticReport) -> String {
        func escape(_ s: String, property: Bool) -> String {
            guard s.utf8.contains(where: { $0 == 0x25 || $0 == 0x0D || $0 == 0x0A || (property && ($0 == 0x3A || $0 == 0x2C)) }) else { return s }
            var out = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "%": out += "%25"
                case "\r": out += "%0D"
                case "\n": out += "%0A"
                case ":" where property: out += "%3A"
                case "," where property: out += "%2C"
                default: out.unicodeScalars.append(ch)
                }
            }
            return out
        }
        func data(_ s: String) -> String { escape(s, property: false) }
        func property(_ s: String) -> String { escape(s, property: true) }
        var out = ""
        for d in r.diagnostics {
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            var props = ["file=\(property(d.location.file))"]
            if let l = d.location.line { props.append("line=\(l)") }
            if let c = d.location.column { props.append("col=\(c)") }
            props.append("title=\(property("chuhai [\(d.rule)]"))")
            out += "::\(command) \(props.joined(separator: ","))::\(data(d.message))\n"
        }
        return out
    }
}
