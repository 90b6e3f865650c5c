import Crypto
import Foundation

/// `manifest.json`: what a language package holds, so a platform can check it without
/// trusting the transport. Described by `schemas/manifest.schema.json` (`ManifestSchema`).
///
/// Everything is in a stable order (works and chapters as in the project, files and rules
/// sorted by their UTF-8 bytes) and encoded with sorted keys, so two builds of the same
/// input give the same bytes. The manifest does not list itself.
public struct PackageManifest: Sendable, Hashable, Codable {
    /// Bumped when a field changes meaning or a required field is added.
    public static let currentFormatVersion = 1
    public static let fileName = "manifest.json"

    public var formatVersion: Int
    /// `<project>-<lang>`, stable across builds.
    public var packageId: String
    public var tool: Tool
    /// `BuildTime.iso8601`: `SOURCE_DATE_EPOCH`, or the fixed epoch.
    public var created: String
    /// BCP 47 tag of this package.
    public var language: String
    public var sourceLanguage: String
    public var works: [WorkEntry]
    public var files: [FileEntry]
    public var counts: Counts
    public var qa: QASummary
    public var glossaries: [GlossaryRef]
    /// Source chapters/episodes with no translation in this language: reported, never dropped.
    public var untranslated: [Untranslated]

    public init(packageId: String, created: BuildTime, language: String, sourceLanguage: String,
                works: [WorkEntry], files: [FileEntry], qa: QASummary, glossaries: [GlossaryRef] = [],
                untranslated: [Untranslated] = []) {
        formatVersion = Self.currentFormatVersion
        self.packageId = packageId
        tool = Tool()
        self.created = created.iso8601
        self.language = language
        self.sourceLanguage = sourceLanguage
        self.works = works
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        counts = works.reduce(Counts()) { $0 + $1.counts }
        self.qa = qa
        self.glossaries = glossaries.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.untranslated = untranslated
    }

    public struct Tool: Sendable, Hashable, Codable {
        public var name = "chuhai"
        public var version = ChuhaiKit.version
        public init() {}
    }

    public struct WorkEntry: Sendable, Hashable, Codable {
        public var id: String
        public var kind: Work.Kind
        public var title: String
        /// Package files that belong to the work as a whole (its EPUB).
        public var files: [String]
        /// Novels: translated chapters in order. Absent for dramas.
        public var chapters: [ChapterEntry]?
        /// Dramas: episodes in order. Absent for novels.
        public var episodes: [EpisodeEntry]?
        public var counts: Counts

        /// A novel entry; `counts` are summed from the chapters.
        public init(id: String, title: String, files: [String], chapters: [ChapterEntry]) {
            self.id = id
            kind = .novel
            self.title = title
            self.files = files
            self.chapters = chapters
            counts = Counts(chapters: chapters.count, characters: chapters.reduce(0) { $0 + $1.characters },
                            words: chapters.reduce(0) { $0 + $1.words })
        }

        /// A drama entry; `counts` are summed from the episodes.
        public init(id: String, title: String, files: [String] = [], episodes: [EpisodeEntry]) {
            self.id = id
            kind = .drama
            self.title = title
            self.files = files
            self.episodes = episodes
            counts = Counts(episodes: episodes.count, characters: episodes.reduce(0) { $0 + $1.characters },
                            cues: episodes.reduce(0) { $0 + $1.cues }, runtimeMilliseconds: episodes.reduce(0) { $0 + $1.runtimeMilliseconds })
        }
    }

    public struct ChapterEntry: Sendable, Hashable, Codable {
        public var id: String
        public var number: Int
        public var title: String?
        /// The chapter's XHTML file in the package.
        public var file: String
        /// Source file the chapter came from (project-relative).
        public var source: String
        /// Graphemes of translated text (title and paragraphs).
        public var characters: Int
        public var words: Int

        public init(id: String, number: Int, title: String?, file: String, source: String, characters: Int, words: Int) {
            self.id = id
            self.number = number
            self.title = title
            self.file = file
            self.source = source
            self.characters = characters
            self.words = words
        }

        /// Entry for a rendered chapter, counting characters and words of its text
        /// (words by ICU word segmentation in `language`, so CJK counts are meaningful).
        ///
        /// - Parameter segmenter: reuse one per task when counting many chapters (opening ICU
        ///   iterators per chapter is the slow part); one is made for `language` otherwise.
        public init(_ chapter: Chapter, file: String, language: String, segmenter: Segmenter? = nil) {
            var text = chapter.title.map { $0 + "\n" } ?? ""
            for p in chapter.paragraphs { text += p.text + "\n" }
            let characters = (chapter.title?.count ?? 0) + chapter.paragraphs.reduce(0) { $0 + $1.text.count }
            self.init(id: chapter.id, number: chapter.number, title: chapter.title, file: file,
                      source: chapter.source.file, characters: characters,
                      words: Self.words(in: text, segmenter: segmenter ?? (try? Segmenter(language: language))))
        }

        static func words(in text: String, segmenter: Segmenter?) -> Int {
            if let segmenter {
                return segmenter.segment(text, unit: .word).count { segment in
                    segment.text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                }
            }
            return text.split { $0.isWhitespace }.count
        }
    }

    public struct EpisodeEntry: Sendable, Hashable, Codable {
        public var id: String
        public var number: Int
        /// Subtitle files for the episode, one per format.
        public var files: [String]
        public var source: String
        public var cues: Int
        public var characters: Int
        /// From the first cue's start to the last cue's end.
        public var runtimeMilliseconds: Int

        public init(id: String, number: Int, files: [String], source: String, cues: Int, characters: Int, runtimeMilliseconds: Int) {
            self.id = id
            self.number = number
            self.files = files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            self.source = source
            self.cues = cues
            self.characters = characters
            self.runtimeMilliseconds = runtimeMilliseconds
        }
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var chapters = 0
        public var episodes = 0
        public var characters = 0
        public var words = 0
        public var cues = 0
        public var runtimeMilliseconds = 0

        public init(chapters: Int = 0, episodes: Int = 0, characters: Int = 0, words: Int = 0, cues: Int = 0, runtimeMilliseconds: Int = 0) {
            self.chapters = chapters
            self.episodes = episodes
            self.characters = characters
            self.words = words
            self.cues = cues
            self.runtimeMilliseconds = runtimeMilliseconds
        }

        public static func + (a: Counts, b: Counts) -> Counts {
            Counts(chapters: a.chapters + b.chapters, episodes: a.episodes + b.episodes, characters: a.characters + b.characters,
                   words: a.words + b.words, cues: a.cues + b.cues, runtimeMilliseconds: a.runtimeMilliseconds + b.runtimeMilliseconds)
        }
    }

    /// One file of the package, as `manifest verify` rechecks it.
    public struct FileEntry: Sendable, Hashable, Codable {
        /// Relative to the package folder, `/`-separated.
        public var path: String
        public var bytes: Int
        public var mediaType: String
        /// Lowercase hex SHA-256 of the file's bytes.
        public var sha256: String

        public init(path: String, bytes: Int, mediaType: String, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.mediaType = mediaType
            self.sha256 = sha256
        }

        /// Describes `data` stored at `path`.
        public init(path: String, data: Data) {
            self.init(path: path, bytes: data.count, mediaType: MediaType.forPath(path), sha256: Checksum.sha256(data))
        }
    }

    public struct QASummary: Sendable, Hashable, Codable {
        public var errors: Int
        public var warnings: Int
        public var notes: Int
        /// Per rule id, sorted by rule.
        public var rules: [RuleCount]

        public struct RuleCount: Sendable, Hashable, Codable {
            public var rule: String
            public var errors: Int
            public var warnings: Int
            public var notes: Int
        }

        public init(_ diagnostics: [Diagnostic]) {
            var byRule: [String: RuleCount] = [:]
            for d in diagnostics {
                var c = byRule[d.rule] ?? RuleCount(rule: d.rule, errors: 0, warnings: 0, notes: 0)
                switch d.severity {
                case .error: c.errors += 1
                case .warning: c.warnings += 1
                case .note: c.notes += 1
                }
                byRule[d.rule] = c
            }
            rules = byRule.values.sorted { $0.rule.utf8.lexicographicallyPrecedes($1.rule.utf8) }
            errors = rules.reduce(0) { $0 + $1.errors }
            warnings = rules.reduce(0) { $0 + $1.warnings }
            notes = rules.reduce(0) { $0 + $1.notes }
        }
    }

    /// A glossary the package was built with, by id and the SHA-256 of its file.
    public struct GlossaryRef: Sendable, Hashable, Codable {
        public var id: String
        public var sha256: String
        public init(id: String, sha256: String) {
            self.id = id
            self.sha256 = sha256
        }
    }

    public struct Untranslated: Sendable, Hashable, Codable {
        public var work: String
        /// Chapter or episode id.
        public var item: String
        public var number: Int
        public var source: String
        public init(work: String, item: String, number: Int, source: String) {
            self.work = work
            self.item = item
            self.number = number
            self.source = source
        }
    }

    /// Sorted-key, pretty JSON with a final newline.
    public func encoded() -> Data { Data((JSON.encode(self) + "\n").utf8) }

    /// Describes every file under `folder` except the manifest itself, sorted by path.
    public static func describeFiles(in folder: URL) throws -> [FileEntry] {
        try FolderListing.files(in: folder).filter { $0 != fileName }.map { path in
            let url = folder.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url) else {
                throw ChuhaiError("cannot read \(url.path)", at: SourceLocation(file: url.path))
            }
            return FileEntry(path: path, data: data)
        }
    }
}

/// `dist/index.json`: the languages built and the hash of each manifest, so one file
/// pins a whole delivery.
public struct PackageIndex: Sendable, Hashable, Codable {
    public static let fileName = "index.json"

    public var formatVersion: Int
    /// The project's name (`chuhai.yaml` `name`).
    public var project: String
    public var tool: PackageManifest.Tool
    public var languages: [Language]

    public struct Language: Sendable, Hashable, Codable {
        public var language: String
        public var packageId: String
        /// `<lang>/manifest.json`, relative to the index.
        public var manifest: String
        public var bytes: Int
        public var sha256: String
    }

    public init(project: String, languages: [Language]) {
        formatVersion = PackageManifest.currentFormatVersion
        self.project = project
        tool = PackageManifest.Tool()
        self.languages = languages.sorted { $0.language.utf8.lexicographicallyPrecedes($1.language.utf8) }
    }

    /// Index over the `<lang>/manifest.json` files under `dist`.
    public static func build(dist: URL, project: String, languages: [String]) throws -> PackageIndex {
        try PackageIndex(project: project, languages: languages.map { lang in
            let path = "\(lang)/\(PackageManifest.fileName)"
            let url = dist.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url),
                  let manifest = try? JSONDecoder().decode(PackageManifest.self, from: data) else {
                throw ChuhaiError("cannot read manifest \(url.path)", at: SourceLocation(file: url.path),
                                  hint: "write each language's manifest before the index")
            }
            return Language(language: lang, packageId: manifest.packageId, manifest: path, bytes: data.count,
                            sha256: Checksum.sha256(data))
        })
    }

    public func encoded() -> Data { Data((JSON.encode(self) + "\n").utf8) }
}

/// SHA-256 as lowercase hex, the form manifests carry.
public enum Checksum {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

/// Media types for the files packages hold (IANA registrations; TTML per W3C IMSC).
public enum MediaType {
    public static func forPath(_ path: String) -> String {
        let ext = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last : nil }
        switch ext.map({ $0.lowercased() }) {
        case "epub": return EPUBWriter.mediaType
        case "xhtml": return "application/xhtml+xml"
        case "html", "htm": return "text/html"
        case "json": return "application/json"
        case "srt": return "application/x-subrip"
        case "vtt": return "text/vtt"
        case "ttml", "dfxp": return "application/ttml+xml"
        case "xml": return "application/xml"
        case "xlf", "xliff": return "application/xliff+xml"
        case "css": return "text/css"
        case "txt": return "text/plain"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "zip": return "application/zip"
        case "tbx": return "application/x-tbx+xml"
        default: return "application/octet-stream"
        }
    }
}
