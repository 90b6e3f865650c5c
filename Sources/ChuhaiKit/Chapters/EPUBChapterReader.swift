import Foundation

/// EPUB 2 and 3: `META-INF/container.xml` → package document (OPF) → spine.
///
/// Spine documents are read in spine order, each as HTML (`HTMLChapterReader`)
/// and split at its shallowest heading level, so a file holding one chapter gives
/// one chapter and a file Calibre packed with several gives several. A document
/// with no headings is one chapter titled by its `<title>` (when that differs
/// from the book title). Skipped: the EPUB 3 navigation document, spine items
/// marked `linear="no"`, non-XHTML items, and documents with no text (covers).
/// Encrypted content (DRM) is refused; obfuscated fonts are fine.
enum EPUBChapterReader {
    static let opfNS = "http://www.idpf.org/2007/opf"
    static let dcNS = "http://purl.org/dc/elements/1.1/"

    struct Result {
        var chapters: [Chapter]
        var title: String?
        var author: String?
        var language: String?
    }

    static func read(_ data: Data, file: String, matcher: HeadingMatcher, options: ChapterOptions, firstNumber: Int,
                     diagnostics: inout [Diagnostic]) throws -> Result {
        let zip = try ZipContainer(data: data, file: file, kind: "EPUB")
        let containerPath = "META-INF/container.xml"
        guard zip.contains(containerPath) else {
            throw ChuhaiError("not an EPUB: META-INF/container.xml is missing from the archive", at: SourceLocation(file: file),
                              hint: "export the book again as EPUB (e.g. with Calibre)")
        }
        try refuseDRM(zip)
        let container = try zip.xml(containerPath, what: "the container file")
        let rootfiles = container.root.descendants(named: "rootfile")
        guard let rootfile = rootfiles.first(where: { $0.attribute("media-type") == "application/oebps-package+xml" }) ?? rootfiles.first,
              let opfPath = rootfile.attribute("full-path"), !opfPath.isEmpty else {
            throw ChuhaiError("META-INF/container.xml names no package document (rootfile full-path)",
                              at: zip.location(containerPath, line: container.root.line), hint: "export the book again as EPUB")
        }
        let opf = try zip.xml(opfPath, what: "the package document")
        guard opf.root.name == "package" else {
            throw ChuhaiError("\(opfPath) is not an OPF package document (root element <\(opf.root.name)>)",
                              at: zip.location(opfPath, line: opf.root.line), hint: "export the book again as EPUB")
        }
        var result = Result(chapters: [])
        if let metadata = opf.root.firstElement(named: "metadata") {
            func dc(_ name: String) -> String? {
                let v = metadata.descendants(named: name).first { $0.namespace == dcNS }?.textContent
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return v?.isEmpty == false ? v : nil
            }
            result.title = dc("title")
            result.author = dc("creator")
            result.language = dc("language")
        }
        struct Item { var href: String; var mediaType: String; var properties: [Substring] }
        var manifest: [String: Item] = [:]
        for item in opf.root.firstElement(named: "manifest")?.elements(named: "item") ?? [] {
            guard let id = item.attribute("id"), let href = item.attribute("href") else { continue }
            manifest[id] = Item(href: ZipContainer.resolve(href, relativeTo: opfPath), mediaType: item.attribute("media-type") ?? "",
                                properties: (item.attribute("properties") ?? "").split(separator: " "))
        }
        guard let spine = opf.root.firstElement(named: "spine"), !spine.elements(named: "itemref").isEmpty else {
            throw ChuhaiError("\(opfPath) has an empty spine: the book has no reading order",
                              at: zip.location(opfPath, line: opf.root.line), hint: "export the book again as EPUB")
        }
        var number = firstNumber
        for itemref in spine.elements(named: "itemref") {
            guard let idref = itemref.attribute("idref"), let item = manifest[idref] else {
                throw ChuhaiError("spine item '\(itemref.attribute("idref") ?? "")' is not in the manifest",
                                  at: zip.location(opfPath, line: itemref.line), hint: "the package document is inconsistent; export the book again")
            }
            if itemref.attribute("linear") == "no" || item.properties.contains("nav") { continue }
            guard item.mediaType == "application/xhtml+xml" || item.mediaType == "text/html" else { continue }
            let bytes = try zip.data(item.href, what: "spine document")
            let location = "\(file)!\(item.href)"
            let text = try TextDecoder.decode(bytes, file: location, encoding: HTMLChapterReader.declaredEncoding(bytes) ?? .utf8).text
            let root = try HTMLChapterReader.parse(text, file: location, xhtml: item.mediaType == "application/xhtml+xml",
                                                   diagnostics: &diagnostics)
            let page = HTMLChapterReader.page(root, file: location)
            guard !page.blocks.isEmpty else { continue }
            var chapters = ChapterAssembler.assembleStructured(page.blocks, matcher: matcher, file: location, firstNumber: number,
                                                               options: options, diagnostics: &diagnostics)
            if chapters.count == 1, chapters[0].title == nil, let title = page.title, title != result.title {
                chapters[0].title = title
            }
            number += chapters.count
            result.chapters += chapters
        }
        return result
    }

    /// `META-INF/encryption.xml` listing anything but font obfuscation means DRM.
    private static func refuseDRM(_ zip: ZipContainer) throws {
        let path = "META-INF/encryption.xml"
        guard zip.contains(path) else { return }
        let doc = try zip.xml(path, what: "the encryption file")
        let fontObfuscation: Set<String> = ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"]
        for method in doc.root.descendants(named: "EncryptionMethod") {
            if let algorithm = method.attribute("Algorithm"), !fontObfuscation.contains(algorithm) {
                throw ChuhaiError("the EPUB is encrypted (DRM, \(algorithm))", at: zip.location(path, line: method.line),
                                  hint: "chuhai reads only DRM-free books; ask the rights holder for a DRM-free copy")
            }
        }
    }
}
