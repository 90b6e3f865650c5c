// Generated from profiles/subtitles/*.yaml by `make profiles`; do not edit by hand.
// ShippedProfilesTests fails when this file is out of date with the YAML.

/// The delivery profiles built into chuhai, by name.
enum ShippedProfiles {
    static let files: [String: String] = [
        "generic": #"""
# Format sanity only: what every player needs, no platform's style numbers.
# Structural facts from /work/shared/specs/subtitle-delivery.md "Format facts" (SRT §1,
# WebVTT §2: cues with end before start are kept by parsers, "so a validator must flag them").
name: generic
title: Generic subtitle sanity checks (no platform limits)
version: "2026-11-27"
sources:
  - "shared/specs/subtitle-delivery.md, Format facts §1–3, as read on 2026-11-27"
rules:
  parse: warning             # repairs of tolerated variants; unreadable cues are always errors
  encoding: warning
  empty-cue: warning
  order: error
  overlap: warning
  numbering: warning
  tags: warning
  bidi: warning
  duration-min: {severity: error, min: "0s"}          # only cues that end at or before they start
"""#,
        "netflix": #"""
# Netflix delivery rules for subtitles.
# Every number below is from /work/shared/specs/subtitle-delivery.md (§1 general requirements,
# §2 per-language table), which cites the Netflix partner-help articles named in `sources`.
# [P] = read at the primary source, [S] = quoted by a secondary source, [SE] = Subtitle Edit's
# NetflixQualityController.cs defaults — the same marks the spec file uses.
name: netflix
title: Netflix Timed Text Style Guide (general requirements, timing, per-language guides)
version: "2026-11-27"
sources:
  - "Timed Text Style Guide: General Requirements — partnerhelp.netflixstudios.com/hc/en-us/articles/215758617"
  - "Subtitle Timing Guidelines — partnerhelp.netflixstudios.com/hc/en-us/articles/360051554394"
  - "How is reading speed measured? — backlothelp.netflix.com/hc/en-us/articles/115001352212"
  - "Per-language Timed Text Style Guides (article ids in the language entries below)"
  - "Subtitle Edit NetflixQualityController.cs / NetflixCheckTimedTextFrameRate.cs defaults [SE]"
  - "Cited via shared/specs/subtitle-delivery.md, as read on 2026-11-27"
default-fps: "24"             # §1 Timing: "The guidelines are written for 24 fps"
rules:
  parse: warning             # repairs of tolerated variants; unreadable cues are always errors
  encoding: warning
  empty-cue: error
  order: error
  overlap: error
  numbering: warning
  tags: warning
  bidi: warning
  duration-min: {severity: error, min: "5/6s"}        # §1 Duration: minimum 5/6 s (20 frames at 24 fps)
  duration-max: {severity: error, max: "7s"}          # §1 Duration: maximum 7 s
  gap-min: {severity: warning, min: "2f"}             # §1 Timing: minimum gap 2 frames at every frame rate
  line-count: {severity: error, max: 2}               # §1 Lines: at most 2
  line-length: {severity: error, max: 42}             # §2: 42 for the Latin/Arabic/Vietnamese guides
  reading-speed: {severity: warning, max: 17}         # §2: languages SE does not list get 17 cps (adult)
  punctuation: {severity: warning, checks: []}
  frame-rate: {severity: error, allowed: ["23.976", "24", "25", "29.97", "30", "50", "59.94", "60"]}  # §1 [SE]
counting:
  half-width: 1               # §1: spaces and punctuation count
languages:
  en:                         # English USA (217350977)
    aliases: [en-US, en-GB, en-CA, en-AU]
    rules:
      line-length: {max: 42}                          # [P]
      reading-speed: {max: 20}                        # [S] "Adult programs: Up to 20 characters per second"
      punctuation: {checks: [ellipsis]}               # Ellipsis U+2026 [S]
  zh-Hans:                    # Simplified Chinese (215986007)
    aliases: [zh, zh-CN, zh-SG, zh-Hans-CN]
    counting: {half-width: 0.5}                       # §1: half-width punctuation and Latin count 0.5
    rules:
      line-length: {max: 16}                          # [P]
      reading-speed: {max: 9}                         # [S]
      tags: {no-italics: true}                        # No italics [SE]
      punctuation: {checks: [full-width]}             # Full-width punctuation [P]
  zh-Hant:                    # Traditional Chinese (215994807)
    aliases: [zh-TW, zh-HK, zh-MO, zh-Hant-TW, zh-Hant-HK]
    counting: {half-width: 0.5}
    rules:
      line-length: {max: 16}                          # [S] (I.1)
      reading-speed: {max: 9}                         # [S] (I.14)
      punctuation: {checks: [full-width, no-line-end-comma-period]}   # no `、，。` at line end [S]
  ja:                         # Japanese (215767517)
    aliases: [ja-JP]
    counting: {half-width: 0.5}                       # full-width = 1, half-width = 0.5 [P]
    rules:
      line-length: {max: 13}                          # horizontal 13 full-width characters [P]
      reading-speed: {max: 4}                         # [S] (I.19)
  ko:                         # Korean (216001127)
    aliases: [ko-KR]
    counting: {half-width: 0.5}                       # Latin, spaces and punctuation = 0.5 [P]
    rules:
      line-length: {max: 16}                          # [P]
      reading-speed: {max: 12}                        # [S] (I.15)
      tags: {no-italics: true}                        # No italics [SE]
      punctuation: {checks: [ellipsis, no-line-end-comma-period]}  # U+2026 [P]; no period/comma at line end [S]
  th:                         # Thai (220448308)
    aliases: [th-TH]
    rules:
      line-length: {max: 35}                          # [P]; tone marks and above/below vowels not counted (I.3) [S]
      reading-speed: {max: 17}                        # [S] (I.16)
      tags: {no-italics: true}                        # no italics [S]
      punctuation: {checks: [ellipsis, thai]}         # no periods, no question marks [S]; ellipsis U+2026 [P]
  ar:                         # Arabic (215517947)
    aliases: [ar-SA, ar-EG, ar-AE]
    rules:
      line-length: {max: 42}                          # [P]; diacritics are not counted
      reading-speed: {max: 20}                        # [S + SE]
      tags: {no-italics: true}                        # no italics [S]
      punctuation: {checks: [ellipsis, arabic]}       # ، ؟ ؛; no space before them; no ؟! [S]
  es-419:                     # Spanish (Latin America)
    aliases: [es-MX, es-AR, es-CO, es-US]
    rules:
      line-length: {max: 42}                          # [S]
      reading-speed: {max: 17}                        # [S, SE default]
      punctuation: {checks: [spanish-inverted]}       # ¿ ¡ (SE rule)
  pt-BR:                      # Portuguese (Brazil) (215600497)
    aliases: [pt]
    rules:
      line-length: {max: 42}                          # [P]
      reading-speed: {max: 17}                        # [S, SE default]
  id:                         # Indonesian (216009727)
    aliases: [id-ID, in]
    rules:
      line-length: {max: 42}                          # [S]
      reading-speed: {max: 17}                        # [S]
  vi:                         # Vietnamese (220447048)
    aliases: [vi-VN]
    rules:
      line-length: {max: 42}                          # [P]
      reading-speed: {max: 17}                        # [S, SE default]
      punctuation: {checks: [ellipsis]}               # ellipsis rules [P]
"""#,
        "vertical": #"""
# Vertical (9:16) micro-drama players.
# Line length and line count from the BBC Subtitle Guidelines v1.2.5 (March 2026) [P], as
# summarized in /work/shared/specs/subtitle-delivery.md §3: about 25 characters at 90% width
# of 9:16, and 3 lines for vertical video. TikTok publishes no numbers (§3), so the BBC's
# are the principled default. Reading rate: BBC 160–180 wpm; the upper bound is checked for
# languages that separate words with spaces. Languages without spaces keep Netflix's CPS
# (§2) and get line lengths scaled by the BBC's vertical/landscape ratio 25/37 — derived
# numbers, marked "derived" below. Durations and frame gaps: Netflix §1 (BBC gives none as
# absolutes). Gaps: BBC "an intentional gap must be at least 1 s, preferably 1.5 s".
name: vertical
title: Vertical 9:16 micro-drama (BBC vertical-video numbers)
version: "2026-11-27"
sources:
  - "BBC Subtitle Guidelines v1.2.5, March 2026 — github.com/bbc/subtitle-guidelines"
  - "Netflix Timed Text Style Guide (durations, CJK reading speeds) — see netflix.yaml"
  - "Cited via shared/specs/subtitle-delivery.md §1–3, as read on 2026-11-27"
default-fps: "30"
rules:
  parse: warning             # repairs of tolerated variants; unreadable cues are always errors
  encoding: warning
  empty-cue: error
  order: error
  overlap: error
  numbering: warning
  tags: warning
  bidi: warning
  duration-min: {severity: error, min: "5/6s"}        # Netflix §1
  duration-max: {severity: error, max: "7s"}          # Netflix §1
  gap-min: {severity: note, min: "1s", allow-zero: true}   # BBC: intentional gaps at least 1 s
  line-count: {severity: error, max: 3}               # BBC: 3 lines for vertical 9:16
  line-length: {severity: error, max: 25}             # BBC: ≈25 characters at 90% width of 9:16
  reading-speed: {severity: warning, max-wpm: 180}    # BBC: 160–180 wpm
  punctuation: {severity: warning, checks: []}
counting:
  half-width: 1
languages:
  zh-Hans:
    aliases: [zh, zh-CN, zh-SG]
    counting: {half-width: 0.5}
    rules:
      line-length: {max: 10}                          # derived: Netflix 16 × 25/37 = 10.8
      reading-speed: {max: 9, max-wpm: null}          # Netflix zh-Hans [S]
      punctuation: {checks: [full-width]}
  zh-Hant:
    aliases: [zh-TW, zh-HK, zh-MO]
    counting: {half-width: 0.5}
    rules:
      line-length: {max: 10}                          # derived: Netflix 16 × 25/37 = 10.8
      reading-speed: {max: 9, max-wpm: null}          # Netflix zh-Hant [S]
      punctuation: {checks: [full-width, no-line-end-comma-period]}
  ja:
    counting: {half-width: 0.5}
    rules:
      line-length: {max: 8}                           # derived: Netflix 13 × 25/37 = 8.8
      reading-speed: {max: 4, max-wpm: null}          # Netflix ja [S]
  ko:
    counting: {half-width: 0.5}
    rules:
      line-length: {max: 10}                          # derived: Netflix 16 × 25/37 = 10.8
      reading-speed: {max: 12, max-wpm: null}         # Netflix ko [S]; Korean spaces words, but CPS is the guide's measure
  th:
    rules:
      line-length: {max: 23}                          # derived: Netflix 35 × 25/37 = 23.6
      reading-speed: {max: 17, max-wpm: null}         # Netflix th [S]
      punctuation: {checks: [thai]}
"""#,
        "youtube": #"""
# YouTube uploads in the basic formats (SRT, SBV/SUB).
# From /work/shared/specs/subtitle-delivery.md §3 "YouTube" [P], citing
# support.google.com/youtube/answer/2734698: "only basic versions … No style info (markup)
# is recognized. The file must be in plain UTF-8". YouTube publishes no CPS or CPL limits,
# so reading speed, line length and durations are not checked.
name: youtube
title: YouTube supported subtitle and closed caption files (basic formats)
version: "2026-11-27"
sources:
  - "YouTube Help: Supported subtitle and closed caption files — support.google.com/youtube/answer/2734698"
  - "Cited via shared/specs/subtitle-delivery.md §3, as read on 2026-11-27"
rules:
  parse: warning             # repairs of tolerated variants; unreadable cues are always errors
  encoding: error             # "The file must be in plain UTF-8"
  empty-cue: warning
  order: error
  overlap: warning
  numbering: warning
  duration-min: {severity: error, min: "0s"}          # only cues that end before they start
  tags: {severity: warning, no-markup: true}          # "No style info (markup) is recognized"
  bidi: warning
"""#,
    ]
}
