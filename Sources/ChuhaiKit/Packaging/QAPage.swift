import Foundation

/// `qa.html` and `qa.json`: every diagnostic of a language build, for people and for tools.
///
/// The page is one self-contained file (inline CSS, no scripts, fonts or images), so it
/// opens from a zip or an e-mail attachment as it does from disk.
public enum QAPage {
    /// Diagnostics ordered by file (UTF-8 bytes), line, column, rule: the order both outputs use.
    public static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.location.file != y.location.file { return x.location.file.utf8.lexicographicallyPrecedes(y.location.file.utf8) }
            if (x.location.line ?? 0) != (y.location.line ?? 0) { return (x.location.line ?? 0) < (y.location.line ?? 0) }
            if (x.location.column ?? 0) != (y.location.column ?? 0) { return (x.location.column ?? 0) < (y.location.column ?? 0) }
            if x.rule != y.rule { return x.rule.utf8.lexicographicallyPrecedes(y.rule.utf8) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// `qa.json`: `DiagnosticReport`'s JSON over the files checked, diagnostics ordered.
    public static func json(_ diagnostics: [Diagnostic], files: [String]) -> String {
        DiagnosticReport(files: files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, diagnostics: ordered(diagnostics)).renderJSON()
    }

    /// `qa.html`: a summary by rule, then each file's findings with the source line and a caret.
    ///
    /// - Parameters:
    ///   - title: heading, e.g. `qingyun — en`.
    ///   - files: every file checked, so clean files are listed as clean.
    public static func html(_ diagnostics: [Diagnostic], files: [String], title: String) -> String {
        let items = ordered(diagnostics)
        let summary = PackageManifest.QASummary(items)
        func e(_ s: String) -> String { XML.escape(s) }
        var s = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>QA report: \(e(title))</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
            table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .error { color: #b00020; font-weight: bold; }
            .warning { color: #8a5a00; font-weight: bold; }
            .note { color: #355; }
            pre { margin: 0.3em 0 0; font: 13px/1.4 ui-monospace, monospace; white-space: pre; overflow-x: auto; }
            .clean { color: #1b5e20; }
            </style>
            </head>
            <body>
            <h1>QA report: \(e(title))</h1>
            <p><span class="error">\(summary.errors) error\(summary.errors == 1 ? "" : "s")</span>, <span class="warning">\(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")</span>, <span class="note">\(summary.notes) note\(summary.notes == 1 ? "" : "s")</span> in \(Set(files + items.map(\.location.file)).count) files.</p>

            """
        if !summary.rules.isEmpty {
            s += "<h2>By rule</h2>\n<table>\n<tr><th>Rule</th><th>Errors</th><th>Warnings</th><th>Notes</th></tr>\n"
            for r in summary.rules {
                s += "<tr><td><code>\(e(r.rule))</code></td><td class=\"n\">\(r.errors)</td><td class=\"n\">\(r.warnings)</td><td class=\"n\">\(r.notes)</td></tr>\n"
            }
            s += "</table>\n"
        }
        s += "<h2>By file</h2>\n"
        let byFile = Dictionary(grouping: items, by: \.location.file)
        let allFiles = Set(files).union(byFile.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for file in allFiles {
            s += "<h3><code>\(e(file))</code></h3>\n"
            guard let found = byFile[file] else {
                s += "<p class=\"clean\">No findings.</p>\n"
                continue
            }
            s += "<table>\n<tr><th>Line</th><th>Column</th><th>Severity</th><th>Rule</th><th>Message</th></tr>\n"
            for d in found {
                s += "<tr><td class=\"n\">\(d.location.line.map(String.init) ?? "")</td><td class=\"n\">\(d.location.column.map(String.init) ?? "")</td>"
                s += "<td class=\"\(d.severity.rawValue)\">\(d.severity.rawValue)</td><td><code>\(e(d.rule))</code></td><td>\(e(d.message))"
                if let line = d.sourceLine {
                    s += "<pre>\(e(line))"
                    if let col = d.location.column {
                        let prefix = String(line.unicodeScalars.prefix(max(0, col - 1)))
                        s += "\n" + String(repeating: " ", count: TextMetrics.displayWidth(prefix)) + "^"
                    }
                    s += "</pre>"
                }
                s += "</td></tr>\n"
            }
            s += "</table>\n"
        }
        s += "</body>\n</html>\n"
        return s
    }
}
