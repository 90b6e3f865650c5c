/// How natural decoded text looks for an encoding's language: the share of
/// non-ASCII characters that belong to that language's everyday repertoire.
/// Mis-decoded bytes land on rare characters, so this separates GBK from Big5
/// and EUC-KR far better than byte statistics on short files.
enum Plausibility {
    /// ~500 of the most frequent characters of modern Chinese prose (simplified),
    /// plus the full-width punctuation that fills web novels.
    static let commonSimplified: String =
        "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知全点开外长现实内问意力理本高正部把头情什美被东由很最向打己手已两样想些回老身她们它间因明反没门再给声话应走使物长神问重相水气真把名命位常身口儿机军白山动等西风又月女点眼许头叫直马几先活路她何今比少把太接总信死次十分父母师兄姐弟妹宗派灵丹药剑阵法修炼元婴金筑基突破门弟子长老掌尊道友宝石符箓飞升闭关夺舍储袋识根外内" +
        "，。！？、；：“”‘’（）《》…—·「」『』【】　"
    /// Derived with ICU so the two sets cannot drift apart.
    static let commonTraditional: String = (try? ICU.Transliterator("Hans-Hant").apply(commonSimplified)) ?? ""
    static let commonHangul: String =
        "이다는의에가을를고하한지서로있도으기나사대리자시그것수들아어게면해요말내우까할보제정주전부일만와과인없때니생던라거국여성중동모러상위된같년소연원장무조개문학방업오분신물세도요저" +
        "습니했습니다네요지만에서으로까지하고"
    static let commonJapaneseKanji: String = "日一人大年出本中子見国言上分生手自行者二間事思時気会十家女三前的方入小地合後目長場代私下立部学物月田何来彼話体動社知理山内同心発高実作当新世今書度明五戦力名金性対意用男主通関文屋感郎業定政持道外取所"

    private static let sets: [TextEncoding: Set<Unicode.Scalar>] = {
        func set(_ s: String) -> Set<Unicode.Scalar> { Set(s.unicodeScalars) }
        let zhPunct = set("，。！？、；：“”‘’（）《》…—·「」『』【】　")
        return [
            .gb18030: set(commonSimplified),
            .big5: set(commonTraditional).union(zhPunct),
            .eucKR: set(commonHangul).union(zhPunct),
            .shiftJIS: set(commonJapaneseKanji).union(set("、。「」『』（）！？…・ー　")),
        ]
    }()

    static func score(_ utf16: [UInt16], for encoding: TextEncoding) -> Double {
        var total = 0, good = 0
        for scalar in String(decoding: utf16, as: UTF16.self).unicodeScalars where scalar.value >= 0x80 {
            total += 1
            switch encoding {
            case .shiftJIS:
                // Kana are the surest sign of Japanese.
                if (0x3041...0x30FF).contains(scalar.value) || sets[.shiftJIS]!.contains(scalar) { good += 1 }
            case .windows1252:
                if (0xC0...0xFF).contains(scalar.value) || "“”‘’–—…€™©®«»°¡¿".unicodeScalars.contains(scalar) { good += 1 }
            default:
                if sets[encoding]?.contains(scalar) == true { good += 1 }
            }
        }
        return total == 0 ? 0 : Double(good) / Double(total)
    }
}
