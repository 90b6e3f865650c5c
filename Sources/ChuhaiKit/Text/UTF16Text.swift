/// UTF-16 for ICU, transcoded from a String's UTF-8 in one tight pass that
/// also notes line breaks and title openers (《 〈), so the segmenter never
/// has to walk the text again. About four times faster than `Array(s.utf16)`.
struct UTF16Text {
    var units: [UInt16]
    /// UTF-16 indexes of `\n` and U+2029.
    var lineBreaks: [Int32]
    /// UTF-16 indexes of 《 and 〈.
    var titleOpeners: [Int32]

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        var lineBreaks: [Int32] = []
        var titleOpeners: [Int32] = []
        units = text.utf8.withContiguousStorageIfAvailable { src -> [UInt16] in
            let n = src.count
            return [UInt16](unsafeUninitializedCapacity: n) { dst, count in
                var i = 0, o = 0
                while i < n {
                    let b = src[i]
                    if b < 0x80 {
                        dst[o] = UInt16(b)
                        if b == 0x0A { lineBreaks.append(Int32(o)) }
                        i += 1
                        o += 1
                    } else if b < 0xE0 {
                        dst[o] = UInt16(b & 0x1F) << 6 | UInt16(src[i + 1] & 0x3F)
                        i += 2
                        o += 1
                    } else if b < 0xF0 {
                        let c = UInt16(b & 0x0F) << 12 | UInt16(src[i + 1] & 0x3F) << 6 | UInt16(src[i + 2] & 0x3F)
                        dst[o] = c
                        if c == 0x300A || c == 0x3008 {
                            titleOpeners.append(Int32(o))
                        } else if c == 0x2029 {
                            lineBreaks.append(Int32(o))
                        }
                        i += 3
                        o += 1
                    } else {
                        let scalar = UInt32(b & 0x07) << 18 | UInt32(src[i + 1] & 0x3F) << 12 | UInt32(src[i + 2] & 0x3F) << 6
                            | UInt32(src[i + 3] & 0x3F)
                        let v = scalar - 0x10000
                        dst[o] = UInt16(0xD800 + (v >> 10))
                        dst[o + 1] = UInt16(0xDC00 + (v & 0x3FF))
                        i += 4
                        o += 2
                    }
                }
                count = o
            }
        } ?? Array(text.utf16)
        self.lineBreaks = lineBreaks
        self.titleOpeners = titleOpeners
    }
}
