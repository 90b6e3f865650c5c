import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

/// Builds a small English package the way the runner will: files first, then the manifest.
enum SamplePackage {
    typealias S = PackagingSamples
    static let time = BuildTime(secondsSince1970: 1_700_000_000)

    static let diagnostics = [
        Diagnostic(.warning, rule: "qa.length", "line is 48 characters; the limit is 42", at: SourceLocation(file: "drama/en/ep2.srt", line: 7, column: 1)),
        Diagnostic(.error, rule: "glossary.deprecated", "'Foundation Building' is deprecated; use 'Foundation Establishment'",
                   at: SourceLocation(file: "novel/en/2.txt", line: 3, column: 12)),
        Diagnostic(.warning, rule: "qa.length", "line is 45 characters; the limit is 42", at: SourceLocation(file: "drama/en/ep1.srt", line: 3, column: 1)),
    ]

    static func manifest(for folder: URL) throws -> PackageManifest {
        let work = S.novel
        let names = EPUBWriter.chapterFileNames(work)
        let chapters = zip(work.chapters, names).map { PackageManifest.ChapterEntry($0, file: "qingyun/\($1).xhtml", language: "en") }
        return PackageManifest(
            packageId: "demo-en", created: time, language: "en", sourceLanguage: "zh-Hans",
            works: [PackageManifest.WorkEntry(id: work.id, title: work.title, files: ["qingyun.epub"], chapters: chapters)],
            files: try PackageManifest.describeFiles(in: folder), qa: .init(diagnostics),
            glossaries: [.init(id: "xianxia", sha256: Checksum.sha256(Data("xianxia glossary".utf8)))],
            untranslated: [.init(work: "qingyun", item: "ch0004", number: 4, source: "novel/zh-Hans/4.txt")])
    }

    /// Writes the package into `folder` (which must exist) and returns the manifest.
    @discardableResult
    static func write(into folder: URL) throws -> PackageManifest {
        let work = S.novel
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("qingyun"), withIntermediateDirectories: true)
        for (chapter, name) in zip(work.chapters, EPUBWriter.chapterFileNames(work)) {
            try Data(XHTML.chapter(chapter, language: "en").utf8).write(to: folder.appendingPathComponent("qingyun/\(name).xhtml"))
        }
        let options = EPUBOptions(language: "en", sourceLanguage: "zh-Hans", glossary: GlossaryEntry.occurring(S.glossary, in: work), time: time)
        try EPUBWriter.build(work, options: options).write(to: folder.appendingPathComponent("qingyun.epub"))
        let files = ["novel/en/2.txt", "drama/en/ep1.srt", "drama/en/ep2.srt"]
        try Data(QAPage.json(diagnostics, files: files).utf8).write(to: folder.appendingPathComponent("qa.json"))
        try Data(QAPage.html(diagnostics, files: files, title: "demo — en").utf8).write(to: folder.appendingPathComponent("qa.html"))
        let manifest = try manifest(for: folder)
        try AtomicFile.write(manifest.encoded(), to: folder.appendingPathComponent(PackageManifest.fileName))
        return manifest
    }
}

@Suite struct ManifestTests {
    private func withPackage(_ body: (URL, PackageManifest) throws -> Void) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pkg = dir.appendingPathComponent("en")
        try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
        try body(pkg, try SamplePackage.write(into: pkg))
    }

    @Test func manifestDescribesEveryFileAndCounts() throws {
        try withPackage { pkg, m in
            #expect(m.files.map(\.path) == ["qa.html", "qa.json", "qingyun.epub", "qingyun/ch0001.xhtml", "qingyun/ch0002.xhtml", "qingyun/ch0003.xhtml"])
            let epub = try Data(contentsOf: pkg.appendingPathComponent("qingyun.epub"))
            #expect(m.files[2] == .init(path: "qingyun.epub", bytes: epub.count, mediaType: "application/epub+zip", sha256: Checksum.sha256(epub)))
            #expect(m.created == "2023-11-14T22:13:20Z")
            #expect(m.tool.version == ChuhaiKit.version)
            #expect(m.counts.chapters == 3)
            // ch2: "Trials" + "Nascent Soul elders watched in silence." = 7 words;
            // ch3: "Chapter 3: Core Formation" + "He breathed in; the dantian filled with qi." = 4 + 8.
            #expect(m.works[0].chapters?[1].words == 7)
            #expect(m.works[0].chapters?[2].words == 12)
            #expect(m.works[0].chapters?[2].characters == "Chapter 3: Core Formation".count + "He breathed in; the dantian filled with qi.".count)
            #expect(m.qa.errors == 1 && m.qa.warnings == 2)
            #expect(m.qa.rules.map(\.rule) == ["glossary.deprecated", "qa.length"])
            #expect(m.untranslated.map(\.item) == ["ch0004"])
        }
    }

    @Test func chineseWordsComeFromICUSegmentation() throws {
        let text = "林青檀终于筑基了。"
        let chapter = Chapter(id: "ch0001", number: 1, title: "第一章", paragraphs: [Paragraph(id: "p1", text: text)],
                              source: SourceLocation(file: "novel/zh-Hans/001.txt"))
        let entry = PackageManifest.ChapterEntry(chapter, file: "qingyun/ch0001.xhtml", language: "zh-Hans")
        #expect(entry.characters == 3 + 9)
        // Words, not characters and not one blob: punctuation is not counted.
        #expect(entry.words > 3 && entry.words < 12)
        let shared = try Segmenter(language: "zh-Hans")
        #expect(PackageManifest.ChapterEntry(chapter, file: "x", language: "zh-Hans", segmenter: shared).words == entry.words)
    }

    @Test func encodingIsStableWithSortedKeys() throws {
        try withPackage { pkg, m in
            let again = try SamplePackage.manifest(for: pkg)
            #expect(again.encoded() == m.encoded())
            let text = String(decoding: m.encoded(), as: UTF8.self)
            let keys = ["counts", "created", "files", "formatVersion", "glossaries", "language", "packageId", "qa", "sourceLanguage", "tool", "untranslated", "works"]
            let positions = keys.map { text.range(of: "\n  \"\($0)\"")!.lowerBound }
            #expect(positions == positions.sorted())
            #expect(try JSONDecoder().decode(PackageManifest.self, from: m.encoded()) == m)
        }
    }

    @Test func cleanPackageVerifies() throws {
        try withPackage { pkg, m in
            let r = try ManifestVerifier.verify(pkg, displayPath: "dist/en")
            #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
            #expect(r.filesChecked == m.files.count)
        }
    }

    @Test func tamperedFilesAreReportedPrecisely() throws {
        try withPackage { pkg, m in
            let ch = pkg.appendingPathComponent("qingyun/ch0002.xhtml")
            var data = try Data(contentsOf: ch)
            data[data.count - 3] ^= 0x20
            try data.write(to: ch)
            try Data("short".utf8).write(to: pkg.appendingPathComponent("qa.json"))
            try FileManager.default.removeItem(at: pkg.appendingPathComponent("qa.html"))
            try Data("extra".utf8).write(to: pkg.appendingPathComponent("notes.txt"))
            let r = try ManifestVerifier.verify(pkg, displayPath: "dist/en")
            let byRule = Dictionary(grouping: r.diagnostics, by: \.rule)
            let entry = m.files.first { $0.path == "qingyun/ch0002.xhtml" }!
            #expect(byRule["manifest.checksum"]?.map(\.message).contains(
                "qingyun/ch0002.xhtml: expected SHA-256 \(entry.sha256), found \(Checksum.sha256(data))") == true)
            let qa = m.files.first { $0.path == "qa.json" }!
            #expect(byRule["manifest.size"]?.map(\.message) == ["qa.json: expected \(qa.bytes) bytes, found 5"])
            #expect(byRule["manifest.missing"]?.map(\.message) == ["qa.html: listed in the manifest but missing from dist/en"])
            #expect(byRule["manifest.unlisted"]?.map(\.message) == ["notes.txt: in dist/en but not listed in the manifest"])
            // Diagnostics point at the file entry's line in manifest.json.
            let manifestText = try String(contentsOf: pkg.appendingPathComponent("manifest.json"), encoding: .utf8)
            let line = manifestText.split(separator: "\n", omittingEmptySubsequences: false)
            let d = byRule["manifest.size"]![0]
            #expect(d.location.file == "dist/en/manifest.json")
            #expect(line[d.location.line! - 1].trimmingCharacters(in: .whitespaces) == "{")
            #expect(line[d.location.line! + 2].contains("\"path\" : \"qa.json\""))
        }
    }

    @Test func schemaViolationsAndUnsafePathsAreFindings() throws {
        try withPackage { pkg, _ in
            let url = pkg.appendingPathComponent("manifest.json")
            var text = try String(contentsOf: url, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"packageId\" : \"demo-en\",", with: "")
            text = text.replacingOccurrences(of: "\"path\" : \"qa.html\"", with: "\"path\" : \"../qa.html\"")
            text = text.replacingOccurrences(of: "\"language\" : \"en\"", with: "\"language\" : 7")
            try Data(text.utf8).write(to: url)
            let messages = try ManifestVerifier.verify(pkg).diagnostics.map(\.message)
            #expect(messages.contains("/: missing required field 'packageId'"))
            #expect(messages.contains("/language: must be a string, not 7"))
            #expect(messages.contains("../qa.html: path leaves the package folder or is not relative"))
            #expect(messages.contains("qa.html: in \(pkg.path) but not listed in the manifest"))
        }
    }

    @Test func unreadableInputIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ChuhaiError.self) { try ManifestVerifier.verify(dir) }
        try Data("{\"formatVersion\": 1,\n  \"files\": [}".utf8).write(to: dir.appendingPathComponent("manifest.json"))
        let error = #expect(throws: ChuhaiError.self) { try ManifestVerifier.verify(dir, displayPath: "d") }
        #expect(error?.location?.file == "d/manifest.json")
        #expect(error?.location?.line == 2)
        #expect(error?.location?.column == 13)
    }

    @Test func indexPinsEachManifest() throws {
        let dist = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dist) }
        for lang in ["en", "es"] {
            let pkg = dist.appendingPathComponent(lang)
            try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
            try SamplePackage.write(into: pkg)
        }
        let index = try PackageIndex.build(dist: dist, project: "demo", languages: ["es", "en"])
        #expect(index.languages.map(\.manifest) == ["en/manifest.json", "es/manifest.json"])
        try index.encoded().write(to: dist.appendingPathComponent("index.json"))
        let clean = try ManifestVerifier.verify(dist, displayPath: "dist")
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
        #expect(clean.packages == 2)
        // Rewrite one manifest (still internally consistent): only the index notices.
        let url = dist.appendingPathComponent("es/manifest.json")
        try Data(try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "demo-en", with: "demo-es").utf8).write(to: url)
        let r = try ManifestVerifier.verify(dist, displayPath: "dist")
        #expect(r.diagnostics.map(\.rule) == ["manifest.checksum"])
        #expect(r.diagnostics.first?.location.file == "dist/index.json")
    }
}

@Suite struct ManifestSchemaTests {
    @Test func committedSchemaFilesAreCurrent() throws {
        let file = try String(contentsOf: Fixtures.url("schemas/manifest.schema.json"), encoding: .utf8)
        #expect(file == ManifestSchema.text, "schemas/manifest.schema.json is stale: run `swift run chuhai manifest schema > schemas/manifest.schema.json`")
        let index = try String(contentsOf: Fixtures.url("schemas/index.schema.json"), encoding: .utf8)
        #expect(index == ManifestSchema.indexText, "schemas/index.schema.json is stale: run `swift run chuhai manifest schema --index > schemas/index.schema.json`")
    }

    @Test func swiftCheckAcceptsAWrittenManifestAndRejectsBrokenOnes() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = try SamplePackage.write(into: dir)
        let good = try JSONValue.parse(m.encoded(), file: "manifest.json")
        #expect(ManifestSchema.validate(good, file: "manifest.json").isEmpty)
        var broken = m
        broken.files[0].sha256 = "ABC"
        broken.created = "yesterday"
        broken.formatVersion = 2
        let messages = ManifestSchema.validate(try JSONValue.parse(broken.encoded(), file: "m"), file: "m").map(\.message)
        #expect(messages.contains("/files/0/sha256: \"ABC\" does not match ^[0-9a-f]{64}$"))
        #expect(messages.contains { $0.hasPrefix("/created: \"yesterday\" does not match") })
        #expect(messages.contains("/formatVersion: must be 1"))
        #expect(messages.count == 3)
    }

    /// The reference validator (python-jsonschema, draft 2020-12) agrees, when it is installed.
    @Test(.enabled(if: Python.hasJSONSchema, "python3 with the jsonschema module is not installed; the Swift check still ran"))
    func pythonJSONSchemaAgrees() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pkg = dir.appendingPathComponent("en")
        try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
        var m = try SamplePackage.write(into: pkg)
        try m.encoded().write(to: dir.appendingPathComponent("good.json"))
        m.counts.words = -1
        try m.encoded().write(to: dir.appendingPathComponent("bad.json"))
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema)
            for f in sys.argv[2:]:
                errors = sorted(e.json_path for e in v.iter_errors(json.load(open(f))))
                print(f.rsplit('/', 1)[-1], errors)
            """
        let out = try Python.run(script, [Fixtures.url("schemas/manifest.schema.json").path,
                                          dir.appendingPathComponent("good.json").path, dir.appendingPathComponent("bad.json").path])
        #expect(out.status == 0, "\(out.output)")
        #expect(out.output == "good.json []\nbad.json ['$.counts.words']\n")
        var index = try PackageIndex.build(dist: dir, project: "demo", languages: ["en"])
        try index.encoded().write(to: dir.appendingPathComponent("index.json"))
        index.languages[0].manifest = "/etc/manifest.json"
        try index.encoded().write(to: dir.appendingPathComponent("badindex.json"))
        let indexOut = try Python.run(script, [Fixtures.url("schemas/index.schema.json").path,
                                               dir.appendingPathComponent("index.json").path, dir.appendingPathComponent("badindex.json").path])
        #expect(indexOut.output == "index.json []\nbadindex.json ['$.languages[0].manifest']\n", "\(indexOut.output)")
        let messages = ManifestSchema.validateIndex(try JSONValue.parse(index.encoded(), file: "i"), file: "i").map(\.message)
        #expect(messages.count == 1 && messages[0].hasPrefix("/languages/0/manifest: \"/etc/manifest.json\" does not match"), "\(messages)")
    }
}

enum Python {
    static let hasJSONSchema: Bool = (try? run("import jsonschema", []).status) == 0

    static func run(_ script: String, _ args: [String]) throws -> (status: Int32, output: String) {
        try Tool.run("/usr/bin/env", ["python3", "-c", script] + args)
    }
}
