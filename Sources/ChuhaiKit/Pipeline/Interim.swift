import Foundation

// Interim adapters: replaced by the Chapters readers and the Packaging renderers when those land.

enum NovelIngest {
    /// One chapter from a per-chapter text file: first line the heading, then one paragraph per line.
    static func chapter(path: String, number: Int, work: ProjectConfig.WorkConfig, diagnostics: inout [Diagnostic]) throws -> Chapter {
        let text = try TextDecoder.read(path: path).text
        var title: String?
        var paragraphs: [Paragraph] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}"))
            guard !line.isEmpty else { continue }
            if title == nil && paragraphs.isEmpty {
                title = line
                continue
            }
            paragraphs.append(Paragraph(id: "p\(paragraphs.count + 1)", text: line, source: SourceLocation(file: path, line: lineNumber)))
        }
        return Chapter(id: Chapter.id(for: number), number: number, title: title, paragraphs: paragraphs,
                       source: SourceLocation(file: path, line: 1))
    }
}

enum ChapterXHTML {
    static func render(_ chapter: Chapter, language: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
        out += "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"\(language)\" lang=\"\(language)\">\n<head><title>\(XML.escape(chapter.title ?? chapter.id))</title></head>\n<body>\n"
        if let title = chapter.title { out += "<h1>\(XML.escape(title))</h1>\n" }
        for p in chapter.paragraphs { out += "<p>\(XML.escape(p.text))</p>\n" }
        return out + "</body>\n</html>\n"
    }
}
