import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

/// EPUBCheck over the demo novel (fixtures/demo): full-length chapters, CJK source edition included.
@Suite struct DemoEPUBTests {
    /// Per-chapter TXT as the demo writes it: first non-empty line the heading, then a paragraph per line.
    static func demoWork(language: String) throws -> Work {
        let dir = Fixtures.url("fixtures/demo/novel/\(language)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        let chapters = try names.enumerated().map { i, name -> Chapter in
            let path = "fixtures/demo/novel/\(language)/\(name)"
            let lines = try TextDecoder.read(path: Fixtures.url(path).path).text.split(separator: "\n")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}")) }.filter { !$0.isEmpty }
            return Chapter(id: Chapter.id(for: i + 1), number: i + 1, title: lines.first,
                           paragraphs: lines.dropFirst().enumerated().map { Paragraph(id: "p\($0 + 1)", text: $1) },
                           source: SourceLocation(file: path))
        }
        let title = ["en": "Asking the Dao at Qingyun", "es": "Preguntando por el Dao en Qingyun"][language] ?? "青云问道"
        return Work(id: "qingyun", kind: .novel, title: title, author: "出海工作室", language: language, chapters: chapters)
    }

    static let glossary = [
        GlossaryEntry(term: "Qi Condensation", source: "炼气", note: "First cultivation realm."),
        GlossaryEntry(term: "Foundation Establishment", source: "筑基", note: "Second cultivation realm, after Qi Condensation."),
        GlossaryEntry(term: "Core Formation", source: "金丹", note: "Third realm."),
        GlossaryEntry(term: "Qingyun Sect", source: "青云宗", note: nil),
    ]

    @Test func demoWorksLoadWithTheirChapters() throws {
        #expect(try Self.demoWork(language: "en").chapters.count == 6)
        #expect(try Self.demoWork(language: "zh-Hans").chapters.first?.title == "第一章 山门试炼")
        #expect(GlossaryEntry.occurring(Self.glossary, in: try Self.demoWork(language: "en")).count == 4)
    }

    @Test(.enabled(if: EPUBCheck.available, "epubcheck is not installed: run `make deps` (Debian package epubcheck)"),
          arguments: ["en", "zh-Hans"])
    func demoEditionPassesEPUBCheck(language: String) throws {
        let work = try Self.demoWork(language: language)
        let options = EPUBOptions(language: language, sourceLanguage: "zh-Hans",
                                  glossary: language == "en" ? GlossaryEntry.occurring(Self.glossary, in: work) : [],
                                  cover: try EPUBCover(data: PackagingSamples.png(width: 16, height: 24)),
                                  vertical: language != "en", time: BuildTime(secondsSince1970: 1_700_000_000))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("qingyun-\(language).epub")
        try EPUBWriter.build(work, options: options).write(to: file)
        let r = try EPUBCheck.run(file)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("No errors or warnings detected"), "\(r.output)")
    }
}
