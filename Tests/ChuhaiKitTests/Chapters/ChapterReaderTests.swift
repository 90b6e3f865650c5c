import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct ChapterReaderTests {
    @Test(arguments: [
        ("a.txt", ChapterFormat.text), ("a.TXT", .text), ("a.md", .markdown), ("a.markdown", .markdown), ("a.htm", .html),
        ("a.html", .html), ("a.xhtml", .xhtml), ("a.docx", .docx), ("a.epub", .epub),
    ])
    func formatFromExtension(_ name: String, _ format: ChapterFormat) throws {
        #expect(try ChapterReader.detectFormat(data: Data(), file: name) == format)
    }

    @Test func formatFromContentWhenTheNameSaysNothing() throws {
        #expect(try ChapterReader.detectFormat(data: Data("第一章".utf8), file: "chapter") == .text)
        #expect(try ChapterReader.detectFormat(data: Data("\n<!DOCTYPE html><p>x".utf8), file: "page") == .html)
        #expect(try ChapterReader.detectFormat(data: Data("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">".utf8), file: "c") == .xhtml)
        let epub = try ZipFixture.zip(folder: Fixtures.url("fixtures/chapters/epub/epub2"))
        #expect(try ChapterReader.detectFormat(data: epub, file: "download") == .epub)
        let docx = try ZipFixture.zip(folder: Fixtures.url("fixtures/chapters/docx/novel"))
        #expect(try ChapterReader.detectFormat(data: docx, file: "download.bin") == .docx)
        #expect(throws: ChuhaiError.self) { try ChapterReader.detectFormat(data: Data("%PDF-1.7".utf8), file: "x") }
    }

    @Test func subtitleFilesAreSentToValidate() throws {
        #expect {
            try ChapterReader.read(url: Fixtures.url("fixtures/demo/drama/zh-Hans/ep01.srt"))
        } throws: { error in
            let e = error as! ChuhaiError
            return e.message == "a subtitle file (.srt), not chapter text" && e.hint?.contains("chuhai validate") == true
        }
    }

    @Test func formatOptionOverridesTheExtension() throws {
        let doc = try ChapterReader.read(data: Data("# 第一章\n\n*正文*".utf8), file: "c.txt", options: .init(format: .markdown))
        #expect(doc.chapters[0].title == "第一章")
        #expect(doc.chapters[0].paragraphs[0].spans.map(\.style) == [.italic])
    }

    @Test func readWorkNumbersChaptersAcrossFilesInOrder() throws {
        let files = (1...3).map { Fixtures.url("fixtures/demo/novel/zh-Hans/00\($0).txt").path }
        let ingest = try ChapterReader.readWork(files: files, workID: "qingyun", title: "青云问道", language: "zh-Hans")
        #expect(ingest.failed.isEmpty)
        #expect(ingest.work.id == "qingyun")
        #expect(ingest.work.title == "青云问道")
        #expect(ingest.work.language == "zh-Hans")
        #expect(ingest.work.chapters.map(\.id) == ["ch0001", "ch0002", "ch0003"])
        #expect(ingest.work.chapters.map(\.number) == [1, 2, 3])
        #expect(ingest.work.chapters.map(\.title) == ingest.documents.map { $0.chapters[0].title })
        #expect(ingest.work.chapters[2].source.file == files[2])
        #expect(ingest.work.chapters.allSatisfy { $0.title?.hasPrefix("第") == true })
    }

    @Test func missingFileIsAnErrorNamingIt() {
        #expect {
            try ChapterReader.read(url: URL(fileURLWithPath: "/no/such/chapter.txt"))
        } throws: { error in
            (error as? ChuhaiError)?.location?.file == "/no/such/chapter.txt"
        }
    }

    @Test func documentsRoundTripThroughJSON() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/novel.md"))
        let decoded = try JSONDecoder().decode(ChapterDocument.self, from: Data(JSON.encode(doc).utf8))
        #expect(decoded == doc)
    }
}

@Suite struct InlineSpansTests {
    @Test func overlappingSpansAreSplitToNest() {
        let spans = InlineSpans.normalized([
            InlineSpan(start: 0, end: 4, style: .italic), InlineSpan(start: 2, end: 6, style: .bold),
        ])
        #expect(spans == [
            InlineSpan(start: 0, end: 4, style: .italic), InlineSpan(start: 2, end: 4, style: .bold),
            InlineSpan(start: 4, end: 6, style: .bold),
        ])
    }

    /// Sorted by start (outer first) and each span inside or after every earlier one.
    static func properlyNested(_ spans: [InlineSpan]) -> Bool {
        var open: [InlineSpan] = []
        for (i, s) in spans.enumerated() {
            if i > 0, spans[i - 1].start > s.start { return false }
            while let top = open.last, top.end <= s.start, !(top.end == s.start && s.end == s.start && top.start < s.start) {
                open.removeLast()
            }
            if let top = open.last, s.end > top.end { return false }
            if s.end > s.start { open.append(s) }
        }
        return true
    }

    @Test func manyCrossingRunsComeOutNested() {
        var spans: [InlineSpan] = []
        for k in 0..<2000 {
            spans.append(InlineSpan(start: k * 10, end: k * 10 + 4, style: .italic))
            spans.append(InlineSpan(start: k * 10 + 2, end: k * 10 + 6, style: .bold))
        }
        #expect(!Self.properlyNested(spans))
        let out = InlineSpans.normalized(spans)
        #expect(out.count == 6000)
        #expect(Self.properlyNested(out))
        #expect(out.filter { $0.style == .bold }.reduce(0) { $0 + $1.end - $1.start } == 2000 * 4)
    }

    @Test func everyFixtureParagraphHasNestedSpansInsideItsText() throws {
        var urls = ["novel.md", "chapter.html", "chapter.xhtml"].map { Fixtures.url("fixtures/chapters/" + $0) }
        urls.append(try ZipFixture.write(folder: Fixtures.url("fixtures/chapters/docx/novel"), as: "n.docx"))
        urls.append(try ZipFixture.write(folder: Fixtures.url("fixtures/chapters/epub/epub3"), as: "b.epub"))
        for url in urls {
            for p in try ChapterReader.read(url: url).chapters.flatMap(\.paragraphs) {
                #expect(Self.properlyNested(p.spans), "\(url.lastPathComponent) \(p.id)")
                #expect(p.spans.allSatisfy { $0.start >= 0 && $0.end <= p.text.utf8.count && $0.start <= $0.end })
                #expect(p.text == p.text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    @Test func touchingSpansOfOneStyleMergeButLinksToDifferentTargetsDoNot() {
        let spans = InlineSpans.normalized([
            InlineSpan(start: 0, end: 2, style: .bold), InlineSpan(start: 2, end: 5, style: .bold),
            InlineSpan(start: 5, end: 6, style: .link, value: "a"), InlineSpan(start: 6, end: 7, style: .link, value: "b"),
        ])
        #expect(spans == [
            InlineSpan(start: 0, end: 5, style: .bold), InlineSpan(start: 5, end: 6, style: .link, value: "a"),
            InlineSpan(start: 6, end: 7, style: .link, value: "b"),
        ])
    }

    @Test func builderTrimsIndentationAroundBreaksAndKeepsSpansInside() throws {
        var b = InlineBuilder(collapse: false)
        b.append("　　第一行　")
        b.push(.italic)
        b.append("  ")
        b.lineBreak()
        b.append("\u{3000}第二行")
        b.pop()
        b.append("  ")
        let finished = b.finish(source: nil)
        let block = try #require(finished)
        #expect(block.text == "第一行第二行")
        #expect(ChapterDump.marked(Paragraph(id: "p1", text: block.text, spans: block.spans)) == "第一行{italic:{br}第二行}")  // italic opened before the break
    }
}
