import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct EPUBWriterTests {
    typealias S = PackagingSamples

    private func options(_ time: BuildTime = BuildTime(secondsSince1970: 1_700_000_000), cover: Bool = true,
                         vertical: Bool = false, language: String = "en") throws -> EPUBOptions {
        EPUBOptions(language: language, sourceLanguage: "zh-Hans",
                    glossary: GlossaryEntry.occurring(S.glossary, in: S.novel),
                    cover: cover ? try EPUBCover(data: S.png(), file: "cover.png") : nil, vertical: vertical, time: time)
    }

    @Test func containerLayoutAndMetadata() throws {
        let files = try S.unzip(EPUBWriter.build(S.novel, options: options()))
        let names = files.map(\.0)
        #expect(names.first == "mimetype")
        #expect(names.contains("OEBPS/text/ch0003.xhtml") && names.contains("OEBPS/images/cover.png"))
        #expect(names.allSatisfy { $0.allSatisfy(\.isASCII) })
        let opf = String(decoding: files.first { $0.0 == "OEBPS/package.opf" }!.1, as: UTF8.self)
        #expect(opf.contains("<dc:identifier id=\"pub-id\">\(EPUBWriter.identifier(workID: "qingyun", language: "en"))</dc:identifier>"))
        #expect(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"))
        #expect(opf.contains("<dc:creator>Chuhai Demo</dc:creator>"))
        #expect(opf.contains("properties=\"cover-image\""))
        #expect(!opf.contains("page-progression-direction"))
        _ = try XML.parse(Data(opf.utf8), file: "package.opf")
    }

    @Test func glossaryAppendixListsOnlyTermsInTheWork() throws {
        let files = try S.unzip(EPUBWriter.build(S.novel, options: options()))
        let page = String(decoding: files.first { $0.0 == "OEBPS/text/glossary.xhtml" }!.1, as: UTF8.self)
        #expect(page.contains("<dt>Foundation Establishment</dt>"))
        #expect(page.contains("lang=\"zh-Hans\">筑基</span> — Second cultivation realm"))
        #expect(!page.contains("Heavenly Tribulation"))
        // Collation order: Core, Foundation, Nascent.
        let core = page.range(of: "Core Formation")!.lowerBound, nascent = page.range(of: "Nascent Soul")!.lowerBound
        #expect(core < nascent)
    }

    @Test func identifierIsStablePerWorkAndLanguage() {
        let en = EPUBWriter.identifier(workID: "qingyun", language: "en")
        #expect(en == EPUBWriter.identifier(workID: "qingyun", language: "en"))
        #expect(en != EPUBWriter.identifier(workID: "qingyun", language: "es"))
        // urn:uuid with version 8 and RFC variant.
        let uuid = Array(en.dropFirst("urn:uuid:".count))
        #expect(uuid.count == 36 && uuid[14] == "8" && "89ab".contains(uuid[19]))
    }

    @Test func twoBuildsAreByteIdenticalAndTimeMatters() throws {
        let a = try EPUBWriter.build(S.novel, options: options())
        #expect(a == (try EPUBWriter.build(S.novel, options: options())))
        #expect(a != (try EPUBWriter.build(S.novel, options: options(BuildTime(secondsSince1970: 1_800_000_000)))))
    }

    @Test func verticalEditionProgressesRightToLeft() throws {
        let files = try S.unzip(EPUBWriter.build(S.novel, options: options(vertical: true, language: "ja")))
        let opf = String(decoding: files.first { $0.0 == "OEBPS/package.opf" }!.1, as: UTF8.self)
        let css = String(decoding: files.first { $0.0 == "OEBPS/style.css" }!.1, as: UTF8.self)
        #expect(opf.contains("<spine page-progression-direction=\"rtl\">"))
        #expect(css.contains("writing-mode: vertical-rl"))
    }

    @Test func unusableChapterIdsFallBackToPositions() {
        var work = S.novel
        work.chapters[1].id = "第二章"
        #expect(EPUBWriter.chapterFileNames(work) == ["ch0001", "ch0002", "ch0003"])
        work.chapters[1].id = "ch0001"
        #expect(EPUBWriter.chapterFileNames(work) == ["ch0001", "ch0002", "ch0003"])
        work.chapters[1].id = "prologue"
        #expect(EPUBWriter.chapterFileNames(work) == ["ch0001", "prologue", "ch0003"])
    }

    @Test func badInputIsAClearError() throws {
        #expect(throws: ChuhaiError.self) { try EPUBCover(data: Data("not an image".utf8)) }
        #expect(throws: ChuhaiError.self) { try EPUBWriter.build(S.novel, options: options(language: "en_US")) }
        var empty = S.novel
        empty.chapters = []
        #expect(throws: ChuhaiError.self) { try EPUBWriter.build(empty, options: options()) }
    }

    /// Inline markup (em, strong, ruby, br, a) and escaping; DemoEPUBTests covers full chapters, CJK and vertical.
    @Test(.enabled(if: EPUBCheck.available, "epubcheck is not installed: run `make deps` (Debian package epubcheck)"))
    func passesEPUBCheckWithoutErrorsOrWarnings() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("qingyun.epub")
        try EPUBWriter.build(S.novel, options: options()).write(to: file)
        let r = try EPUBCheck.run(file)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("No errors or warnings detected"), "\(r.output)")
    }

    /// The harness itself can fail: a container missing its navigation document is reported.
    @Test(.enabled(if: EPUBCheck.available, "epubcheck is not installed: run `make deps` (Debian package epubcheck)"))
    func epubCheckHarnessReportsABrokenBook() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var broken = ZipWriter(time: .fixedEpoch)
        for (name, data) in try S.unzip(EPUBWriter.build(S.novel, options: options())) where name != "OEBPS/nav.xhtml" {
            try broken.add(name, data, compression: name == "mimetype" ? .stored : .deflated)
        }
        let file = dir.appendingPathComponent("broken.epub")
        try broken.finish().write(to: file)
        let r = try EPUBCheck.run(file)
        #expect(r.status != 0)
        #expect(r.output.contains("nav.xhtml"), "\(r.output)")
    }
}
