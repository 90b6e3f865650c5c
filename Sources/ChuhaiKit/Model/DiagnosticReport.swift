import Foundation

/// Output formats for diagnostics; every command that reports findings offers these.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, junit, sarif, github
}

/// The findings of one command run over some files, rendered for people or CI.
public struct DiagnosticReport: Sendable {
    public var files: [String]
    public var diagnostics: [Diagnostic]
    /// Tool component named in machine formats (`chuhai validate`, `chuhai glossary lint`).
    public var tool: String

    public init(files: [String], diagnostics: [Diagnostic], tool: String = "chuhai") {
        self.files = files
        self.diagnostics = diagnostics
        self.tool = tool
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// Same findings with warnings promoted to errors (`--strict`).
    public func strict() -> DiagnosticReport {
        var r = self
        r.diagnostics = diagnostics.map { d in
            var d = d
            if d.severity == .warning { d.severity = .error }
            return d
        }
        return r
    }

    public func render(_ format: DiagnosticFormat) -> String {
        switch format {
        case .text: renderText()
        case .json: renderJSON()
        case .junit, .sarif, .github: renderMachine(format)
        }
    }

    /// `file:line:col: severity[rule]: message`, then the source line and a caret
    /// padded by display width so it sits under CJK text correctly.
    public func renderText() -> String {
        var out = ""
        for d in diagnostics {
            out += d.description + "\n"
            if let line = d.sourceLine, let col = d.location.column {
                out += line + "\n"
                let prefix = String(line.unicodeScalars.prefix(max(0, col - 1)))
                out += String(repeating: " ", count: TextMetrics.displayWidth(prefix)) + "^\n"
            }
        }
        return out
    }

    /// `{"files": [...], "diagnostics": [{file, line, column, severity, rule, message, cue}]}`.
    public func renderJSON() -> String {
        struct Item: Encodable {
            var file: String
            var line: Int?
            var column: Int?
            var severity: String
            var rule: String
            var message: String
            var cue: Int?

            // Unknown positions are explicit nulls, so every object has the same keys.
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(file, forKey: .file)
                try c.encode(line, forKey: .line)
                try c.encode(column, forKey: .column)
                try c.encode(severity, forKey: .severity)
                try c.encode(rule, forKey: .rule)
                try c.encode(message, forKey: .message)
                try c.encode(cue, forKey: .cue)
            }

            enum CodingKeys: String, CodingKey { case file, line, column, severity, rule, message, cue }
        }
        struct Doc: Encodable {
            var files: [String]
            var diagnostics: [Item]
            var errors: Int
            var warnings: Int
        }
        let doc = Doc(
            files: files,
            diagnostics: diagnostics.map {
                Item(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                     severity: $0.severity.rawValue, rule: $0.rule, message: $0.message, cue: $0.item)
            }, errors: errorCount, warnings: warningCount)
        return JSON.encode(doc) + "\n"
    }

    /// JUnit XML, SARIF 2.1.0 and GitHub workflow commands (Quality/Reporters.swift).
    func renderMachine(_ format: DiagnosticFormat) -> String {
        switch format {
        case .junit: DiagnosticReporters.junit(self)
        case .sarif: DiagnosticReporters.sarif(self)
        case .github: DiagnosticReporters.github(self)
        case .text, .json: render(format)
        }
    }
}

/// Deterministic JSON: sorted keys, no escaped slashes, pretty when asked.
public enum JSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
