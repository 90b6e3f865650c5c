import Foundation

/// Reads chapter sources (TXT, Markdown, HTML/XHTML, DOCX, EPUB) into the document model.
///
/// The format comes from `ChapterOptions.format`, else the extension, else the
/// content (zip parts, a leading `<`). Unusable files throw `ChuhaiError` naming
/// the file and, where it helps, the line and column or the archive entry
/// (`book.epub!OEBPS/c1.xhtml:12:5`); repairs and skips come back as diagnostics.
public enum ChapterReader {
    /// Reads one file.
    ///
    /// - Parameters:
    ///   - url: the source file.
    ///   - firstNumber: number of its first chapter, so several files of one work count on.
    /// - Throws: `ChuhaiError` when the file is missing, of an unsupported format, or broken.
    public static func read(url: URL, options: ChapterOptions = .init(), firstNumber: Int = 1) throws -> ChapterDocument {
        let path = url.path
        let data = try TextDecoder.readFile(path)
        return try read(data: data, file: path, options: options, firstNumber: firstNumber)
    }

    /// The chapters of one file, numbered from 1.
    public static func chapters(url: URL, options: ChapterOptions = .init()) throws -> [Chapter] {
        try read(url: url, options: options).chapters
    }

    /// Reads bytes already in memory; `file` names them in locations and errors.
    public static func read(data: Data, file: String, options: ChapterOptions = .init(), firstNumber: Int = 1) throws -> ChapterDocument {
        try read(data: data, file: file, options: options, matcher: HeadingMatcher(options: options), firstNumber: firstNumber)
    }

    /// `read(data:)` with a matcher compiled once for many files (`readWork`, the pipeline's per-chapter files).
    static func read(data: Data, file: String, options: ChapterOptions, matcher: HeadingMatcher, firstNumber: Int) throws -> ChapterDocument {
        let format = try options.format ?? detectFormat(data: data, file: file)
        var diagnostics: [Diagnostic] = []
        var doc = ChapterDocument(file: file, format: format, chapters: [])
        switch format {
        case .text:
            let decoded = try decodeText(data, file: file, encoding: options.encoding)
            doc.encoding = decoded.encoding
            doc.chapters = TextChapterReader.chapters(in: decoded.text, file: file, matcher: matcher, options: options,
                                                      firstNumber: firstNumber, diagnostics: &diagnostics)
            (doc.title, doc.author) = TextChapterReader.frontMatterMetadata(doc.chapters)
        case .markdown:
            let decoded = try decodeText(data, file: file, encoding: options.encoding)
            doc.encoding = decoded.encoding
            let md = MarkdownChapterReader.read(decoded.text, file: file)
            doc.title = md.title
            doc.author = md.author
            doc.chapters = ChapterAssembler.assembleStructured(md.blocks, matcher: matcher, file: file, firstNumber: firstNumber,
                                                               options: options, diagnostics: &diagnostics)
        case .html, .xhtml:
            let decoded = try decodeText(data, file: file, encoding: options.encoding ?? HTMLChapterReader.declaredEncoding(data))
            doc.encoding = decoded.encoding
            let root = try HTMLChapterReader.parse(decoded.text, file: file, xhtml: format == .xhtml, diagnostics: &diagnostics)
            let page = HTMLChapterReader.page(root, file: file)
            doc.title = page.title
            doc.language = page.language
            doc.chapters = ChapterAssembler.assembleStructured(page.blocks, matcher: matcher, file: file, firstNumber: firstNumber,
                                                               options: options, diagnostics: &diagnostics)
            if doc.chapters.count == 1, doc.chapters[0].title == nil { doc.chapters[0].title = page.title }
        case .docx:
            let docx = try DOCXChapterReader.read(data, file: file)
            doc.title = docx.title
            doc.author = docx.author
            doc.language = docx.language
            doc.chapters = ChapterAssembler.assembleStructured(docx.blocks, matcher: matcher, file: file, firstNumber: firstNumber,
                                                               options: options, diagnostics: &diagnostics)
        case .epub:
            let epub = try EPUBChapterReader.read(data, file: file, matcher: matcher, options: options, firstNumber: firstNumber,
                                                  diagnostics: &diagnostics)
            doc.title = epub.title
            doc.author = epub.author
            doc.language = epub.language
            doc.chapters = epub.chapters
        }
        if doc.chapters.allSatisfy({ $0.paragraphs.isEmpty && $0.title == nil }) || doc.chapters.isEmpty {
            throw ChuhaiError("no text found in this \(format.rawValue) file", at: SourceLocation(file: file),
                              hint: "check that it is the chapter you meant, or remove it from the work")
        }
        doc.diagnostics = diagnostics
        return doc
    }

    /// Decodes text, refusing what is almost certainly UTF-8 with a few corrupt bytes.
    ///
    /// Detection falls back to a legacy encoding when UTF-8 fails, and windows-1252 accepts
    /// nearly any bytes, so one bad byte in a UTF-8 chapter would turn it all into mojibake
    /// (ç¬¬ä¸€ç« ). When nearly all non-ASCII bytes form valid UTF-8 sequences, the invalid
    /// ones are reported instead.
    static func decodeText(_ data: Data, file: String, encoding: TextEncoding?) throws -> DecodedText {
        let decoded = try TextDecoder.decode(data, file: file, encoding: encoding)
        if encoding == nil, decoded.encoding != .utf8, !decoded.hadBOM, mostlyUTF8(data) {
            _ = try TextDecoder.decode(data, file: file, encoding: .utf8)  // throws naming the first bad byte
        }
        return decoded
    }

    /// Whether at least 90% of the non-ASCII bytes sit in well-formed UTF-8 sequences.
    static func mostlyUTF8(_ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(256 * 1024))
        var valid = 0, invalid = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let need = b >= 0xF0 && b <= 0xF4 ? 3 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xC2 && b <= 0xDF ? 1 : 0
            let ok = need > 0 && i + need < bytes.count && (1...need).allSatisfy { bytes[i + $0] & 0xC0 == 0x80 }
            if ok { valid += need + 1; i += need + 1 } else { invalid += 1; i += 1 }
        }
        return valid > 0 && valid * 10 >= (valid + invalid) * 9
    }

    /// The format a file's name or, failing that, its first bytes imply.
    public static func detectFormat(data: Data, file: String) throws -> ChapterFormat {
        let ext = (file as NSString).pathExtension
        if let format = try ChapterFormat.forExtension(ext, file: file) { return format }
        let head = Array(data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            if data.range(of: Data("mimetypeapplication/epub+zip".utf8), in: 0..<min(data.count, 200)) != nil { return .epub }
            if data.range(of: Data("word/".utf8)) != nil { return .docx }
            throw ChuhaiError("a zip archive that is neither DOCX nor EPUB", at: SourceLocation(file: file),
                              hint: "unpack it and pass the chapter files")
        }
        if head.starts(with: Array("%PDF".utf8)) {
            throw ChuhaiError("unsupported format: PDF", at: SourceLocation(file: file), hint: "convert it to .txt, .docx or .epub")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ChuhaiError("unsupported format: legacy Word .doc", at: SourceLocation(file: file),
                              hint: "save it as .docx from Word or LibreOffice")
        }
        let start = String(decoding: data.prefix(512), as: UTF8.self).drop { $0.isWhitespace || $0 == "\u{FEFF}" }.lowercased()
        if start.hasPrefix("<?xml") || start.hasPrefix("<!doctype html") || start.hasPrefix("<html") {
            return start.contains("http://www.w3.org/1999/xhtml") ? .xhtml : .html
        }
        return .text
    }
}

/// The result of reading the files of one work: what could be read, and why the rest could not.
public struct ChapterIngest: Sendable {
    /// The work, chapters numbered in file order across all files that were read.
    public var work: Work
    /// One entry per file that was read, in input order.
    public var documents: [ChapterDocument]
    /// Unreadable files (errors, rule `ingest`), every reader's warnings, and chapter numbers
    /// that skip or repeat across the work (`ingest.numbering`).
    public var diagnostics: [Diagnostic]
    /// Files that could not be read.
    public var failed: [String]

    public var hasErrors: Bool { !failed.isEmpty }
}

extension ChapterReader {
    /// Reads the files of one work in order, continuing past unreadable files so one bad
    /// chapter does not hide the state of the others.
    ///
    /// - Parameters:
    ///   - failFast: rethrow the first `ChuhaiError` instead of recording it.
    /// - Throws: `ChuhaiError` for an invalid heading pattern (before reading anything), and
    ///   with `failFast` the first unreadable file's error.
    ///   - files: paths as the user gave them (they are echoed in locations and messages).
    public static func readWork(
        files: [String], workID: String, title: String? = nil, language: String, options: ChapterOptions = .init(),
        failFast: Bool = false
    ) throws -> ChapterIngest {
        let matcher = try HeadingMatcher(options: options)
        var ingest = ChapterIngest(work: Work(id: workID, kind: .novel, title: title ?? workID, language: language),
                                   documents: [], diagnostics: [], failed: [])
        for path in files {
            do {
                let doc = try read(data: TextDecoder.readFile(path), file: path, options: options, matcher: matcher,
                                   firstNumber: ingest.work.chapters.count + 1)
                ingest.work.chapters += doc.chapters
                ingest.diagnostics += doc.diagnostics
                if title == nil, ingest.documents.isEmpty, let t = doc.title { ingest.work.title = t }
                if ingest.work.author == nil { ingest.work.author = doc.author }
                ingest.documents.append(doc)
            } catch let error as ChuhaiError {
                if failFast { throw error }
                ingest.failed.append(path)
                let message = error.message + (error.hint.map { " (\($0))" } ?? "")
                ingest.diagnostics.append(Diagnostic(.error, rule: "ingest", message, at: error.location ?? SourceLocation(file: path)))
            }
        }
        ingest.diagnostics += ChapterNumbering.diagnostics(ingest.work.chapters)
        return ingest
    }
}
