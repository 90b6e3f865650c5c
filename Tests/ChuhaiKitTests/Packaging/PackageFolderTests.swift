import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct PackageFolderTests {
    typealias S = PackagingSamples

    /// Builds dist/ the way the runner will: per language, works then finish, then zip and index, all atomically.
    private func build(_ dist: URL, time: BuildTime) throws {
        try AtomicFolder.replace(dist) { tmp in
            for lang in ["en", "es"] {
                let folder = tmp.appendingPathComponent(lang)
                let work = S.novel
                let names = EPUBWriter.chapterFileNames(work)
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(work.id), withIntermediateDirectories: true)
                var chapters: [PackageManifest.ChapterEntry] = []
                for (chapter, name) in zip(work.chapters, names) {
                    let path = "\(work.id)/\(name).xhtml"
                    try AtomicFile.write(Data(XHTML.chapter(chapter, language: lang).utf8), to: folder.appendingPathComponent(path))
                    chapters.append(.init(chapter, file: path, language: lang))
                }
                let epub = try EPUBWriter.build(work, options: EPUBOptions(language: lang, sourceLanguage: "zh-Hans",
                                                                           glossary: S.glossary, time: time))
                try AtomicFile.write(epub, to: folder.appendingPathComponent("\(work.id).epub"))
                try PackageFolder.finish(in: folder, packageId: "demo-\(lang)", language: lang, sourceLanguage: "zh-Hans",
                                           works: [.init(id: work.id, title: work.title, files: ["\(work.id).epub"], chapters: chapters)],
                                           diagnostics: SamplePackage.diagnostics, checkedFiles: ["novel/en/2.txt"], time: time)
                try PackageFolder.archive(folder, project: "demo", language: lang, time: time)
            }
            try PackageFolder.writeIndex(dist: tmp, project: "demo", languages: ["en", "es"])
        }
    }

    private func snapshot(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        while let p = walker.nextObject() as? String {
            let url = dir.appendingPathComponent(p)
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true { out[p] = try Data(contentsOf: url) }
        }
        return out
    }

    @Test func rebuildIsByteIdenticalAndVerifies() throws {
        let parent = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let dist = parent.appendingPathComponent("dist")
        let time = BuildTime(secondsSince1970: 1_700_000_000)
        try build(dist, time: time)
        let first = try snapshot(dist)
        try build(dist, time: time)
        #expect(try snapshot(dist) == first)
        #expect(first.keys.sorted().filter { !$0.contains("/") } == ["demo-en.zip", "demo-es.zip", "index.json"])
        let r = try ManifestVerifier.verify(dist)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.packages == 2)
        // The zip holds the finished folder, manifest included, under en/.
        let entries = try S.unzip(first["demo-en.zip"]!)
        #expect(entries.first { $0.0 == "en/manifest.json" }?.1 == first["en/manifest.json"])
        #expect(entries.map(\.0) == entries.map(\.0).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        try build(dist, time: BuildTime(secondsSince1970: 1_800_000_000))
        #expect(try snapshot(dist)["demo-en.zip"] != first["demo-en.zip"])
    }
}
