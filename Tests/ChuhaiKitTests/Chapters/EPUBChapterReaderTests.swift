import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct EPUBChapterReaderTests {
    @Test func epub3InSpineOrder() throws {
        let url = try ZipFixture.write(folder: Fixtures.url("fixtures/chapters/epub/epub3"), as: "book.epub")
        let doc = try ChapterReader.read(url: url)
        #expect(doc.format == .epub)
        #expect(doc.title == "青云问道")
        #expect(doc.author == "无名")
        #expect(doc.language == "zh-Hans")
        // Cover (no text), nav document and the non-linear notes are skipped; "chapter 2.xhtml"
        // (percent-encoded in the manifest) holds two chapters and is split at its h2 headings.
        #expect(ChapterDump.dump(doc.chapters) == """
            ch0001 "第一章 山门试炼"
              p1 青云山高九千丈，{italic:终年}云雾缭绕。
              p2 林青檀站在人群的最后面。
            ch0002 "第二章 灵根"
              p1 测灵石亮了。
            ch0003 "第三章 拜师"
              p1 他跪下了。
            ch0004 "后记"
              p1 谢谢读者。
              p2 Unclosed & fine

            """)
        #expect(doc.chapters[1].source == SourceLocation(file: url.path + "!OEBPS/Text/chapter 2.xhtml", line: 5))
        // extra.xhtml is not well-formed: read anyway, with a warning at its first error.
        #expect(doc.diagnostics.count == 1)
        #expect(doc.diagnostics[0].location.file == url.path + "!OEBPS/Text/extra.xhtml")
        #expect(doc.diagnostics[0].location.line == 3)
    }

    @Test func epub2WithPackageInASubfolder() throws {
        let url = try ZipFixture.write(folder: Fixtures.url("fixtures/chapters/epub/epub2"), as: "gate.epub")
        let doc = try ChapterReader.read(url: url)
        #expect(doc.title == "The Gate")
        #expect(doc.author == "Anon")
        #expect(doc.language == "en")
        #expect(ChapterDump.dump(doc.chapters) == """
            ch0001 "Chapter One"
              p1 Lin Qingtan stood {italic:at the back}.
              p2 The sect’s gate opened.
            ch0002 "Chapter Two"
              p1 The spirit stone {bold:glowed}.{br}Then it broke.

            """)
    }

    @Test func sameInputGivesTheSameChapters() throws {
        let folder = Fixtures.url("fixtures/chapters/epub/epub3")
        let a = try ChapterReader.read(data: ZipFixture.zip(folder: folder), file: "b.epub")
        let b = try ChapterReader.read(data: ZipFixture.zip(folder: folder), file: "b.epub")
        #expect(a == b)
        #expect(JSON.encode(a) == JSON.encode(b))
    }

    @Test func hrefsResolveAgainstThePackageFolder() {
        #expect(ZipContainer.resolve("Text/c%201.xhtml", relativeTo: "OEBPS/content.opf") == "OEBPS/Text/c 1.xhtml")
        #expect(ZipContainer.resolve("../x.xhtml", relativeTo: "OEBPS/sub/content.opf") == "OEBPS/x.xhtml")
        #expect(ZipContainer.resolve("./a.xhtml", relativeTo: "content.opf") == "a.xhtml")
    }

    @Test func truncatedArchiveIsReportedAsDamaged() throws {
        let data = try ZipFixture.zip(folder: Fixtures.url("fixtures/chapters/epub/epub3"))
        #expect {
            try ChapterReader.read(data: data.prefix(data.count / 2), file: "cut.epub")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.location?.file == "cut.epub" && e.message.hasPrefix("damaged EPUB") && e.hint?.contains("again") == true
        }
    }
}
