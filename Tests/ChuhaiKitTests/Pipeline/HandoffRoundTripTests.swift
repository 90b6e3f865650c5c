import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

/// The hand-off loop a team runs: export XLIFF, translate in a CAT tool, import, run.
@Suite(.serialized) struct HandoffRoundTripTests {
    func run(_ project: URL, out: URL) async throws {
        let (config, _) = try ProjectConfig.load(path: project.path)
        _ = try await PipelineRunner(config: config, options: .init(output: out, jobs: 2)).run()
    }

    /// The targets a translator would type for a unit: the parallel file's paragraph or cue,
    /// all in the first segment when its sentences don't line up with the source's (the
    /// other segments confirmed empty, as CAT tools allow after merging segments).
    func fill(_ unit: inout BilingualUnit, with text: InlineText) {
        for i in unit.targets.indices where unit.targets[i] == nil {
            unit.targets[i] = SegmentTarget(i == 0 ? text : InlineText(""), state: .translated)
        }
    }

    @Test func exportTranslateImportRunGivesTheSamePackagesAsParallelFiles() async throws {
        let (project, root) = try demoCopy()
        let demo = project.deletingLastPathComponent()
        let out = root.appendingPathComponent("out")
        try await run(project, out: out.appendingPathComponent("parallel"))
        let before = try tree(out.appendingPathComponent("parallel"))

        let (config, _) = try ProjectConfig.load(path: project.path)
        let handoff = root.appendingPathComponent("handoff")
        var originals: [String: Data] = [:]
        for (language, version) in [("en", XLIFFVersion.v2_1), ("es", .v1_2)] {
            let sink = DiagnosticSink()
            let exported = try await ProjectHandoff.export(config: config, language: language, version: version, output: handoff, sink: sink)
            #expect(exported.map(\.file.lastPathComponent) == ["qingyun.\(language).xlf", "flashmarriage.\(language).xlf"])
            // The translator's side: every empty unit gets the parallel file's text.
            for (work, result) in zip(config.works, exported) {
                let items = try ProjectHandoff.items(config, work: work, existingFor: language, sink: DiagnosticSink())
                var doc = result.document
                for fi in doc.files.indices {
                    guard let item = items.first(where: { $0.fileID == doc.files[fi].id }), let t = item.translations[language] else { continue }
                    for ui in doc.files[fi].units.indices {
                        let uid = doc.files[fi].units[ui].id
                        if let chapter = t.chapter {
                            if uid == BilingualKeys.titleUnit, let title = chapter.title {
                                fill(&doc.files[fi].units[ui], with: InlineText(title))
                            } else if let p = chapter.paragraphs.first(where: { $0.id == uid }) {
                                fill(&doc.files[fi].units[ui], with: InlineText(p.text, spans: p.spans))
                            }
                        } else if let track = t.track {
                            fill(&doc.files[fi].units[ui], with: BilingualFile.inlineText(track.cues[ui].lines))
                        }
                    }
                }
                try XLIFFWriter.write(doc, version: version, to: result.file)
            }
        }
        // Only the XLIFF files carry the translations now.
        for language in ["en", "es"] {
            for kind in ["novel", "drama"] {
                let dir = demo.appendingPathComponent("\(kind)/\(language)")
                for (k, v) in try tree(dir) { originals["\(kind)/\(language)/\(k)"] = v }
                try FileManager.default.removeItem(at: dir)
            }
        }
        let sink = DiagnosticSink()
        let files = try FileManager.default.contentsOfDirectory(atPath: handoff.path).sorted().map { handoff.appendingPathComponent($0).path }
        let outcome = try ProjectHandoff.importFiles(files, config: config, sink: sink)
        #expect(sink.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(Set(outcome.written) == Set(originals.keys), "stored: \(outcome.written.sorted())")
        // es chapters 4–6 were never translated: skipped, and said why.
        #expect(outcome.skipped.map(\.fileID).sorted() == ["qingyun-ch0004", "qingyun-ch0005", "qingyun-ch0006"])
        #expect(outcome.skipped.allSatisfy { $0.reason.contains("not translated") })
        // Chapter files come back byte for byte; subtitles may differ only in the final blank line.
        for (path, data) in originals {
            let stored = try Data(contentsOf: demo.appendingPathComponent(path))
            if path.hasSuffix(".txt") {
                #expect(stored == data, "\(path)")
            } else {
                #expect(String(decoding: stored, as: UTF8.self).trimmingCharacters(in: .newlines)
                        == String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines), "\(path)")
            }
        }

        try await run(project, out: out.appendingPathComponent("imported"))
        let after = try tree(out.appendingPathComponent("imported"))
        #expect(after.keys.sorted() == before.keys.sorted())
        for (path, data) in before where after[path] != data {
            Issue.record("\(path) differs after the XLIFF round trip")
        }

        // A second import of the same files changes nothing.
        let again = try ProjectHandoff.importFiles(files, config: config, sink: DiagnosticSink())
        #expect(again.written == [])
        #expect(Set(again.unchanged) == Set(originals.keys))
    }

    @Test func importRefusesBrokenFilesAndStalePartsAndStoresNothingForThem() async throws {
        let (project, root) = try demoCopy()
        let demo = project.deletingLastPathComponent()
        let (config, _) = try ProjectConfig.load(path: project.path)
        let handoff = root.appendingPathComponent("handoff")
        let exported = try await ProjectHandoff.export(config: config, language: "en", version: .v2_1, output: handoff, prefillExisting: true,
                                                 sink: DiagnosticSink())
        let novel = exported[0].file
        var xml = try String(contentsOf: novel, encoding: .utf8)
        // The source of a unit changed since export (someone edited the Chinese in the CAT tool).
        let ch1 = demo.appendingPathComponent("novel/en/001.txt")
        try FileManager.default.removeItem(at: ch1)
        let firstSource = try #require(xml.range(of: "<source>"))
        xml.insert(contentsOf: "改", at: firstSource.upperBound)
        try xml.write(to: novel, atomically: true, encoding: .utf8)
        let sink = DiagnosticSink()
        let outcome = try ProjectHandoff.importFiles([novel.path], config: config, partial: true, sink: sink)
        #expect(sink.diagnostics.contains { $0.rule == XLIFFReader.Rule.sourceChanged && $0.location.line != nil })
        #expect(outcome.skipped.contains { $0.fileID == "qingyun-ch0001" && $0.reason.contains("changed") })
        #expect(!FileManager.default.fileExists(atPath: ch1.path))

        // An inline code the source does not have: the whole file is refused.
        xml = try String(contentsOf: exported[1].file, encoding: .utf8)
        let target = try #require(xml.range(of: "<target>"))
        xml.insert(contentsOf: "<pc id=\"99\" type=\"fmt\" subType=\"xlf:b\">x</pc>", at: target.upperBound)
        try xml.write(to: exported[1].file, atomically: true, encoding: .utf8)
        let ep = demo.appendingPathComponent("drama/en/ep02.srt")
        try FileManager.default.removeItem(at: ep)
        let sink2 = DiagnosticSink()
        let outcome2 = try ProjectHandoff.importFiles([exported[1].file.path], config: config, partial: true, sink: sink2)
        #expect(sink2.diagnostics.contains { $0.rule == XLIFFReader.Rule.codeExtra })
        #expect(outcome2.written == [])
        #expect(!FileManager.default.fileExists(atPath: ep.path))
    }

    @Test func partialImportKeepsTheSourceWhereTargetsAreMissing() async throws {
        let (project, root) = try demoCopy()
        let demo = project.deletingLastPathComponent()
        let (config, _) = try ProjectConfig.load(path: project.path)
        // es has no chapter 4: export leaves it empty; translate just its title.
        let exported = try await ProjectHandoff.export(config: config, language: "es", version: .v2_1, output: root.appendingPathComponent("h"),
                                                 sink: DiagnosticSink())
        var doc = exported[0].document
        let fi = try #require(doc.files.firstIndex { $0.id == "qingyun-ch0004" })
        doc.files[fi].units[0].targets = [SegmentTarget(InlineText("Capítulo 4: Establecimiento de la Fundación"), state: .translated)]
        try XLIFFWriter.write(doc, version: .v2_1, to: exported[0].file)
        let strict = try ProjectHandoff.importFiles([exported[0].file.path], config: config, sink: DiagnosticSink())
        #expect(!strict.written.contains("novel/es/004.txt"))
        let partial = try ProjectHandoff.importFiles([exported[0].file.path], config: config, partial: true, sink: DiagnosticSink())
        #expect(partial.written.contains("novel/es/004.txt"))
        let lines = try String(contentsOf: demo.appendingPathComponent("novel/es/004.txt"), encoding: .utf8).split(separator: "\n")
        let source = try String(contentsOf: demo.appendingPathComponent("novel/zh-Hans/004.txt"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "Capítulo 4: Establecimiento de la Fundación")
        #expect(lines.count == source.count)
        #expect(lines[1].trimmingCharacters(in: .whitespaces) == source[1].trimmingCharacters(in: .whitespaces.union(["\u{3000}"])))
    }
}

@Suite struct HandoffQARulesTests {
    @Test func importUsesTheProjectsRuleOverrides() async throws {
        let (project, root) = try demoCopy()
        let (config, _) = try ProjectConfig.load(path: project.path)
        let files = try await ProjectHandoff.export(config: config, language: "en", version: .v2_1, output: root.appendingPathComponent("h"),
                                                    sink: DiagnosticSink()).map(\.file.path)
        let plain = DiagnosticSink()
        _ = try ProjectHandoff.importFiles(files, config: config, dryRun: true, sink: plain)
        #expect(plain.diagnostics.contains { $0.rule == "translation.length-ratio" })
        #expect(plain.diagnostics.contains { $0.rule == "translation.number-mismatch" && $0.severity == .warning })

        var yaml = try String(contentsOf: project, encoding: .utf8)
        yaml += "\nqa:\n  rules:\n    translation.length-ratio: off\n    translation.number-mismatch: error\n"
        try yaml.write(to: project, atomically: true, encoding: .utf8)
        let (tuned, _) = try ProjectConfig.load(path: project.path)
        let sink = DiagnosticSink()
        _ = try ProjectHandoff.importFiles(files, config: tuned, dryRun: true, sink: sink)
        #expect(!sink.diagnostics.contains { $0.rule == "translation.length-ratio" })
        #expect(sink.diagnostics.filter { $0.rule == "translation.number-mismatch" }.allSatisfy { $0.severity == .error })
    }
}

/// `mt:` in the project file drives `xliff export --mt`; its answers reach the packages through import.
@Suite(.serialized) struct ProjectMachineTranslationTests {
    @Test func pseudoProviderFillsWhatTranslatorsLeftAndTheCacheMakesRerunsFree() async throws {
        let (project, root) = try demoCopy()
        let demo = project.deletingLastPathComponent()
        var yaml = try String(contentsOf: project, encoding: .utf8)
        yaml += "\nmt:\n  provider: pseudo\n  cache: .chuhai/mt.jsonl\n"
        try yaml.write(to: project, atomically: true, encoding: .utf8)
        let (config, _) = try ProjectConfig.load(path: project.path)
        #expect(config.mt?.provider.provider == "pseudo")
        let out = root.appendingPathComponent("h")
        let sink = DiagnosticSink()
        let first = try await ProjectHandoff.export(config: config, language: "es", version: .v2_1, output: out, machineTranslate: true, sink: sink)
        // Nothing is left empty: chapters 4–6 (no Spanish file) are machine translated, state initial.
        let units = first.flatMap { $0.document.files.flatMap(\.units) }
        #expect(units.allSatisfy { $0.isTranslated })
        let ch4 = try #require(first[0].document.files.first { $0.id == "qingyun-ch0004" })
        #expect(ch4.units.allSatisfy { $0.targets.allSatisfy { $0?.state == .initial && $0?.origin == .machine } })
        let cache = demo.appendingPathComponent(".chuhai/mt.jsonl")
        let cached = try String(contentsOf: cache, encoding: .utf8).split(separator: "\n").count
        #expect(cached > 100)
        let bytes = try Data(contentsOf: first[0].file)
        _ = try await ProjectHandoff.export(config: config, language: "es", version: .v2_1, output: out, machineTranslate: true, sink: DiagnosticSink())
        #expect(try Data(contentsOf: first[0].file) == bytes)
        #expect(try String(contentsOf: cache, encoding: .utf8).split(separator: "\n").count == cached, "a rerun asks for nothing new")

        // Unconfirmed machine translation stays out when the team asks for confirmed targets only.
        let gated = DiagnosticSink()
        let confirmed = try ProjectHandoff.importFiles(first.map(\.file.path), config: config, dryRun: true, minimumState: .translated, sink: gated)
        #expect(!confirmed.written.contains("novel/es/004.txt"))
        #expect(confirmed.skipped.contains { $0.fileID == "qingyun-ch0004" })
        #expect(gated.diagnostics.contains { $0.rule == "xliff.state" && $0.message.hasPrefix("qingyun-ch0004: ") })

        let outcome = try ProjectHandoff.importFiles(first.map(\.file.path), config: config, sink: DiagnosticSink())
        #expect(outcome.written.contains("novel/es/004.txt"))
        #expect(outcome.skipped.isEmpty)
        let text = try String(contentsOf: demo.appendingPathComponent("novel/es/004.txt"), encoding: .utf8)
        #expect(text.hasPrefix("["), "pseudo-localized text is bracketed")
    }

    @Test func keysNeverGoInTheProjectFileAndMissingKeysAreClear() async throws {
        let (project, root) = try demoCopy()
        let base = try String(contentsOf: project, encoding: .utf8)
        let sink = DiagnosticSink()
        _ = try ProjectConfig.parse(base + "\nmt:\n  provider: deepl\n  key: 0123-secret\n", file: project.path, sink: sink)
        let secret = try #require(sink.diagnostics.first { $0.rule.hasSuffix("secret") })
        #expect(secret.severity == .error && secret.location.line != nil)
        #expect(!secret.description.contains("0123-secret"))

        try (base + "\nmt:\n  provider: deepl\n").write(to: project, atomically: true, encoding: .utf8)
        let (config, _) = try ProjectConfig.load(path: project.path)
        await #expect {
            _ = try await ProjectHandoff.export(config: config, language: "en", version: .v2_1, output: root.appendingPathComponent("h"),
                                               machineTranslate: true, environment: [:], sink: DiagnosticSink())
        } throws: { e in
            (e as? ChuhaiError)?.description.contains("DEEPL_AUTH_KEY") == true
        }
        // Without an `mt:` section, --mt says what to add.
        var noMT = config
        noMT.mt = nil
        await #expect {
            _ = try await ProjectHandoff.export(config: noMT, language: "en", version: .v2_1, output: root.appendingPathComponent("h"),
                                               machineTranslate: true, sink: DiagnosticSink())
        } throws: { e in
            (e as? ChuhaiError)?.description.contains("needs an `mt:` section") == true
        }
    }

    @Test func mtSectionValuesAreCheckedWithLineAndColumn() throws {
        let (project, _) = try demoCopy()
        let base = try String(contentsOf: project, encoding: .utf8)
        let lines = base.split(separator: "\n", omittingEmptySubsequences: false).count
        let sink = DiagnosticSink()
        _ = try ProjectConfig.parse(base + "\nmt:\n  provider: babelfish\n  base-url: ftp://example.org\n  batch: 0\n",
                                    file: project.path, sink: sink)
        let errors = sink.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.location.line) == [lines + 2, lines + 3, lines + 4])
        #expect(errors[0].message.contains("unknown MT provider 'babelfish'"))
        #expect(errors[1].message.contains("http or https"))
        #expect(errors[2].message.contains("mt.batch must be a number"))
        let missing = DiagnosticSink()
        _ = try ProjectConfig.parse(base + "\nmt:\n  model: x\n", file: project.path, sink: missing)
        #expect(missing.diagnostics.contains { $0.severity == .error && $0.message.contains("mt needs `provider:`") })
    }
}

/// What import refuses, and the single-file novel path, on a project written here.
@Suite struct HandoffImportEdgeTests {
    /// A two-chapter single-file novel; `translations` is the pattern under test (nil: none).
    func project(translations: String?) throws -> (ProjectConfig, URL) {
        let dir = try Fixtures.temporaryDirectory("chuhai-handoff")
        try "第一章 山门\n\n　　他来了。\n\n　　她走了。\n\n第二章 下山\n\n　　天亮了。\n".write(to: dir.appendingPathComponent("novel.txt"), atomically: true, encoding: .utf8)
        let yaml = """
            name: tiny
            source: zh-Hans
            targets: [en]
            works:
              - id: tiny
                kind: novel
                title: 小
                source: novel.txt
            \(translations.map { "    translations: \($0)" } ?? "")

            """
        try yaml.write(to: dir.appendingPathComponent("chuhai.yaml"), atomically: true, encoding: .utf8)
        return (try ProjectConfig.load(path: dir.appendingPathComponent("chuhai.yaml").path).0, dir)
    }

    /// Exports, then gives every unit a target (`T:` + its id) and rewrites the file.
    func exportFilled(_ config: ProjectConfig, _ dir: URL, language: String = "en") async throws -> String {
        let r = try await ProjectHandoff.export(config: config, language: "en", version: .v2_1, output: dir.appendingPathComponent("h"),
                                                sink: DiagnosticSink())[0]
        var doc = r.document
        doc.targetLanguage = language
        for fi in doc.files.indices {
            for ui in doc.files[fi].units.indices {
                let u = doc.files[fi].units[ui]
                let text = u.id == BilingualKeys.titleUnit ? "Chapter \(fi + 1): T" : "T \(u.id)."
                doc.files[fi].units[ui].targets = u.targets.indices.map { $0 == 0 ? SegmentTarget(InlineText(text), state: .translated)
                                                                                   : SegmentTarget(InlineText(""), state: .translated) }
            }
        }
        try XLIFFWriter.write(doc, version: .v2_1, to: r.file)
        return r.file.path
    }

    @Test func singleFileNovelIsStoredAsOneMarkdownFileTheReaderSplitsAgain() async throws {
        let (config, dir) = try project(translations: "novel.{lang}.md")
        let file = try await exportFilled(config, dir)
        let outcome = try ProjectHandoff.importFiles([file], config: config, sink: DiagnosticSink())
        #expect(outcome.written == ["novel.en.md"])
        let text = try String(contentsOf: dir.appendingPathComponent("novel.en.md"), encoding: .utf8)
        #expect(text == "# Chapter 1: T\n\nT p1.\n\nT p2.\n\n# Chapter 2: T\n\nT p1.\n")
        // The pipeline reads it back as the same two chapters.
        let back = try NovelFiles.chapters(path: dir.appendingPathComponent("novel.en.md").path, work: config.works[0]).chapters
        #expect(back.map(\.title) == ["Chapter 1: T", "Chapter 2: T"])
        #expect(back.map { $0.paragraphs.map(\.text) } == [["T p1.", "T p2."], ["T p1."]])
    }

    @Test func refusesLanguagesTheProjectDoesNotHaveAndWorksWithNowhereToStore() async throws {
        let (config, dir) = try project(translations: "novel.{lang}.md")
        let file = try await exportFilled(config, dir, language: "fr")
        let sink = DiagnosticSink()
        let outcome = try ProjectHandoff.importFiles([file], config: config, sink: sink)
        #expect(outcome.written.isEmpty)
        #expect(sink.diagnostics.contains { $0.rule == "xliff.language" && $0.severity == .error && $0.message.contains("'fr'") })

        let (bare, bareDir) = try project(translations: nil)
        let bareFile = try await exportFilled(bare, bareDir)
        let sink2 = DiagnosticSink()
        let none = try ProjectHandoff.importFiles([bareFile], config: bare, sink: sink2)
        #expect(none.written.isEmpty && none.skipped.count == 2)
        #expect(sink2.diagnostics.contains { $0.rule == "xliff.no-destination" && $0.location.line != nil })
    }

    @Test func refusesChapterFormatsItCannotWrite() async throws {
        let (config, dir) = try project(translations: "novel.{lang}.html")
        let file = try await exportFilled(config, dir)
        #expect {
            _ = try ProjectHandoff.importFiles([file], config: config, sink: DiagnosticSink())
        } throws: { e in
            (e as? ChuhaiError)?.description.contains(".txt or .md") == true
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("novel.en.html").path))
    }
}
