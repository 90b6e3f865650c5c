import Crypto
import Foundation

/// A cover image for an EPUB, checked by its bytes rather than its file name.
public struct EPUBCover: Sendable, Hashable {
    public var data: Data
    /// `image/png`, `image/jpeg` or `image/gif` (EPUB core media types EPUBCheck 4 knows).
    public let mediaType: String

    /// - Throws: `ChuhaiError` naming `file` when the bytes are not PNG, JPEG or GIF.
    public init(data: Data, file: String = "cover") throws {
        let b = Array(data.prefix(8))
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            mediaType = "image/png"
        } else if b.starts(with: [0xFF, 0xD8, 0xFF]) {
            mediaType = "image/jpeg"
        } else if b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) {
            mediaType = "image/gif"
        } else {
            throw ChuhaiError("cover image is not PNG, JPEG or GIF", at: SourceLocation(file: file, byteOffset: 0),
                              hint: "convert the cover to PNG or JPEG")
        }
        self.data = data
    }

    var fileExtension: String {
        switch mediaType {
        case "image/png": "png"
        case "image/gif": "gif"
        default: "jpg"
        }
    }
}

/// How an EPUB is laid out and labelled; everything that is not the text.
public struct EPUBOptions: Sendable {
    /// BCP 47 tag of the publication (the target language).
    public var language: String
    /// BCP 47 tag of the glossary's source terms (`zh-Hans`).
    public var sourceLanguage: String
    /// Reader glossary appendix; empty for none. Sorted and deduplicated by the writer.
    public var glossary: [GlossaryEntry]
    public var cover: EPUBCover?
    /// Right-to-left page progression and vertical writing, for vertical Japanese (or
    /// traditional Chinese) editions: `page-progression-direction="rtl"` plus CSS `writing-mode`.
    public var vertical: Bool
    /// `dcterms:modified`, and the zip timestamps.
    public var time: BuildTime
    public var labels: PackageLabels

    public init(language: String, sourceLanguage: String, glossary: [GlossaryEntry] = [], cover: EPUBCover? = nil,
                vertical: Bool = false, time: BuildTime = .fixedEpoch, labels: PackageLabels? = nil) {
        self.language = language
        self.sourceLanguage = sourceLanguage
        self.glossary = glossary
        self.cover = cover
        self.vertical = vertical
        self.time = time
        self.labels = labels ?? PackageLabels(language: language)
    }
}

/// Writes one EPUB 3 per work, meant to pass EPUBCheck with no errors or warnings
/// (requirements in shared/specs/localization-standards.md, "EPUB 3 that passes EPUBCheck").
///
/// Layout inside the container (ASCII names only, PKG_010/PKG_012):
/// `mimetype` (first, stored), `META-INF/container.xml`, `OEBPS/package.opf`,
/// `OEBPS/nav.xhtml`, `OEBPS/style.css`, `OEBPS/text/<chapter>.xhtml`,
/// `OEBPS/text/glossary.xhtml`, `OEBPS/text/cover.xhtml` and `OEBPS/images/cover.*`.
public enum EPUBWriter {
    public static let mediaType = "application/epub+zip"

    /// The EPUB bytes for `work`, whose chapters hold the text to publish.
    ///
    /// - Throws: `ChuhaiError` when the work has no chapters, or a language tag or id is unusable.
    public static func build(_ work: Work, options: EPUBOptions) throws -> Data {
        try LanguageTags.check(options.language, what: "EPUB language")
        try LanguageTags.check(options.sourceLanguage, what: "glossary source language")
        guard !work.chapters.isEmpty else {
            throw ChuhaiError("work '\(work.id)' has no chapters to put in an EPUB", hint: "check the work's source files")
        }
        let names = chapterFileNames(work)
        let labels = options.labels
        let glossary = GlossaryEntry.sorted(options.glossary, language: options.language)
        var archive = ZipWriter(time: options.time)
        try archive.add("mimetype", Data(mediaType.utf8), compression: .stored)
        try archive.add("META-INF/container.xml", Data(containerXML.utf8))

        var items: [(id: String, href: String, type: String, properties: String?)] = []
        var spine: [String] = []
        var files: [(String, Data)] = []

        items.append(("nav", "nav.xhtml", "application/xhtml+xml", "nav"))
        items.append(("css", "style.css", "text/css", nil))
        files.append(("OEBPS/style.css", Data(stylesheet(vertical: options.vertical).utf8)))
        if let cover = options.cover {
            let href = "images/cover.\(cover.fileExtension)"
            items.append(("cover-image", href, cover.mediaType, "cover-image"))
            items.append(("cover", "text/cover.xhtml", "application/xhtml+xml", nil))
            spine.append("cover")
            files.append(("OEBPS/" + href, cover.data))
            let body = "<section epub:type=\"cover\" class=\"cover\">\n<img src=\"../\(href)\" alt=\"\(XHTML.escape(work.title, attribute: true))\"/>\n</section>\n"
            files.append(("OEBPS/text/cover.xhtml",
                          Data(XHTML.document(title: labels.cover, language: options.language, stylesheet: "../style.css", body: body).utf8)))
        }
        spine.append("nav")
        for (chapter, name) in zip(work.chapters, names) {
            let id = "c-" + name
            items.append((id, "text/\(name).xhtml", "application/xhtml+xml", nil))
            spine.append(id)
            files.append(("OEBPS/text/\(name).xhtml",
                          Data(XHTML.chapter(chapter, language: options.language, labels: labels, stylesheet: "../style.css").utf8)))
        }
        if !glossary.isEmpty {
            items.append(("glossary", "text/glossary.xhtml", "application/xhtml+xml", nil))
            spine.append("glossary")
            files.append(("OEBPS/text/glossary.xhtml", Data(glossaryPage(glossary, options: options).utf8)))
        }
        let nav = navDocument(work, names: names, hasGlossary: !glossary.isEmpty, options: options)
        files.insert(("OEBPS/nav.xhtml", Data(nav.utf8)), at: 0)

        let opf = packageDocument(work, items: items, spine: spine, options: options)
        try archive.add("OEBPS/package.opf", Data(opf.utf8))
        for (path, data) in files { try archive.add(path, data) }
        return archive.finish()
    }

    /// `urn:uuid:…` for a work in a language: the same on every build, different per
    /// language edition (a name-based UUID, version 8 over SHA-256 as RFC 9562 §B.2 shows).
    public static func identifier(workID: String, language: String) -> String {
        "urn:uuid:" + nameBasedUUID("chuhai:work:\(workID):\(language)")
    }

    /// The file names (without `.xhtml`) chapters get, in order: each chapter's own id
    /// when all are usable ASCII names and unique, else `ch0001`… by position, so the
    /// dist XHTML files and the EPUB agree.
    public static func chapterFileNames(_ work: Work) -> [String] {
        let ids = work.chapters.map(\.id)
        let reserved: Set<String> = ["cover", "glossary", "nav", "style"]
        let usable = Set(ids).count == ids.count && ids.allSatisfy { id in
            !id.isEmpty && id.utf8.count <= 64 && !reserved.contains(id.lowercased())
                && id.unicodeScalars.allSatisfy(XHTML.isNameScalar) && id.unicodeScalars.first!.properties.isAlphabetic
        }
        // Lowercase-distinct too: case-insensitive file systems would merge them.
        if usable, Set(ids.map { $0.lowercased() }).count == ids.count { return ids }
        return work.chapters.indices.map { Chapter.id(for: $0 + 1) }
    }

    static func nameBasedUUID(_ name: String) -> String {
        // RFC 9562 namespace for URLs, then the name, hashed with SHA-256.
        let namespace: [UInt8] = [0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]
        var bytes = Array(SHA256.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = 0x80 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
        let h = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(h[$0]) }.joined(separator: "-")
    }

    static let containerXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles>
        <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
        </rootfiles>
        </container>

        """

    private static func packageDocument(_ work: Work, items: [(id: String, href: String, type: String, properties: String?)],
                                        spine: [String], options: EPUBOptions) -> String {
        func esc(_ s: String) -> String { XHTML.escape(s, attribute: true) }
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="\(esc(options.language))">
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:identifier id="pub-id">\(identifier(workID: work.id, language: options.language))</dc:identifier>
            <dc:title>\(XHTML.escape(work.title.isEmpty ? work.id : work.title))</dc:title>
            <dc:language>\(XHTML.escape(options.language))</dc:language>

            """
        if let author = work.author?.trimmingCharacters(in: .whitespacesAndNewlines), !author.isEmpty {
            s += "<dc:creator>\(XHTML.escape(author))</dc:creator>\n"
        }
        s += "<meta property=\"dcterms:modified\">\(options.time.iso8601)</meta>\n</metadata>\n<manifest>\n"
        for item in items {
            s += "<item id=\"\(esc(item.id))\" href=\"\(esc(item.href))\" media-type=\"\(esc(item.type))\""
            if let p = item.properties { s += " properties=\"\(p)\"" }
            s += "/>\n"
        }
        s += "</manifest>\n"
        s += options.vertical ? "<spine page-progression-direction=\"rtl\">\n" : "<spine>\n"
        for id in spine { s += "<itemref idref=\"\(esc(id))\"/>\n" }
        s += "</spine>\n</package>\n"
        return s
    }

    private static func navDocument(_ work: Work, names: [String], hasGlossary: Bool, options: EPUBOptions) -> String {
        let labels = options.labels
        var body = "<nav epub:type=\"toc\" id=\"toc\">\n<h1>\(XHTML.escape(labels.contents))</h1>\n<ol>\n"
        for (chapter, name) in zip(work.chapters, names) {
            body += "<li><a href=\"text/\(name).xhtml\">\(XHTML.escape(XHTML.chapterTitle(chapter, labels: labels)))</a></li>\n"
        }
        if hasGlossary {
            body += "<li><a href=\"text/glossary.xhtml\">\(XHTML.escape(labels.glossary))</a></li>\n"
        }
        body += "</ol>\n</nav>\n"
        body += "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n"
        body += "<li><a epub:type=\"toc\" href=\"#toc\">\(XHTML.escape(labels.contents))</a></li>\n"
        body += "<li><a epub:type=\"bodymatter\" href=\"text/\(names[0]).xhtml\">\(XHTML.escape(labels.start))</a></li>\n"
        body += "</ol>\n</nav>\n"
        return XHTML.document(title: labels.contents, language: options.language, stylesheet: "style.css", body: body)
    }

    private static func glossaryPage(_ entries: [GlossaryEntry], options: EPUBOptions) -> String {
        let src = XHTML.escape(options.sourceLanguage, attribute: true)
        var body = "<section epub:type=\"appendix\" id=\"glossary\">\n<h1>\(XHTML.escape(options.labels.glossary))</h1>\n<dl>\n"
        for e in entries {
            body += "<dt>\(XHTML.escape(e.term))</dt>\n<dd><span class=\"source\" xml:lang=\"\(src)\" lang=\"\(src)\">\(XHTML.escape(e.source))</span>"
            if let note = e.note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty {
                body += " — \(XHTML.escape(note))"
            }
            body += "</dd>\n"
        }
        body += "</dl>\n</section>\n"
        return XHTML.document(title: options.labels.glossary, language: options.language, stylesheet: "../style.css", body: body)
    }

    static func stylesheet(vertical: Bool) -> String {
        var css = """
            body { margin: 0 5%; line-height: 1.6; }
            h1 { font-size: 1.4em; text-align: center; margin: 2em 0 1em 0; }
            p { text-indent: 1em; margin: 0 0 0.4em 0; }
            dt { font-weight: bold; margin-top: 0.8em; }
            dd { margin: 0 0 0 1.5em; }
            .cover { text-align: center; }
            .cover img { max-width: 100%; max-height: 100%; }

            """
        if vertical {
            css += "html { -epub-writing-mode: vertical-rl; writing-mode: vertical-rl; }\n"
        }
        return css
    }
}

/// BCP 47 well-formedness, as EPUBCheck checks `dc:language` (OPF_092).
public enum LanguageTags {
    /// Language subtag, then alphanumeric subtags of 1–8 characters (RFC 5646 §2.1 shape).
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    static func check(_ tag: String, what: String) throws {
        guard isWellFormed(tag) else {
            throw ChuhaiError("\(what) '\(tag)' is not a well-formed BCP 47 tag", hint: "use a tag such as en, es-419 or zh-Hans")
        }
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
