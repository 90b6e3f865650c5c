// chuhai's window onto system ICU. Only plain C types cross this header, so
// Swift modules that also import Foundation (which carries its own ICU
// headers) never see two definitions of UErrorCode. Handles are opaque.
#ifndef CHUHAI_CICU_H
#define CHUHAI_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ICU status: 0 is success, negative values are warnings, positive are errors.
typedef int32_t chuhai_status;

#define CHUHAI_BUFFER_OVERFLOW 15

const char *chuhai_error_name(chuhai_status status);
/// Writes ICU's version ("72.1") into `buf` (at least 32 bytes).
void chuhai_icu_version(char *buf);

// MARK: - Charsets

typedef struct {
    char name[40];
    char language[12];
    int32_t confidence;
} chuhai_charset_match;

/// Runs ICU charset detection; returns the number of matches written (best first).
int32_t chuhai_detect_charsets(const char *bytes, int32_t length, chuhai_charset_match *out,
                               int32_t capacity, chuhai_status *status);

/// Decodes `length` bytes in `charset` to UTF-16. Returns the UTF-16 length
/// (needed capacity on overflow). When `lossy` is 0, an invalid or unmappable
/// sequence stops conversion with an error and sets `*error_offset` to its byte offset
/// and `*error_length` to its byte count.
int32_t chuhai_decode(const char *charset, const char *bytes, int32_t length, uint16_t *dest,
                      int32_t capacity, int32_t lossy, int32_t *error_offset, int32_t *error_length,
                      chuhai_status *status);

/// Encodes UTF-16 to `charset`. Returns the byte length (needed capacity on
/// overflow). Unmappable characters are an error unless `lossy`.
int32_t chuhai_encode(const char *charset, const uint16_t *text, int32_t length, char *dest,
                      int32_t capacity, int32_t lossy, chuhai_status *status);

/// The canonical ICU name for a charset alias, or NULL when ICU does not know it.
const char *chuhai_charset_canonical_name(const char *alias);

// MARK: - Break iteration

enum { CHUHAI_BRK_CHARACTER = 0, CHUHAI_BRK_WORD = 1, CHUHAI_BRK_LINE = 2, CHUHAI_BRK_SENTENCE = 3 };

/// Opens a break iterator over `text`, which must outlive it.
void *chuhai_brk_open(int32_t kind, const char *locale, const uint16_t *text, int32_t length,
                      chuhai_status *status);
/// Opens a break iterator from RBBI rule source.
void *chuhai_brk_open_rules(const uint16_t *rules, int32_t rules_length, const uint16_t *text,
                            int32_t length, int32_t *parse_line, int32_t *parse_offset,
                            chuhai_status *status);
/// An independent copy (break iterators are not thread-safe; clone a template per thread).
void *chuhai_brk_clone(const void *iterator, chuhai_status *status);
void chuhai_brk_set_text(void *iterator, const uint16_t *text, int32_t length, chuhai_status *status);
int32_t chuhai_brk_first(void *iterator);
/// Next boundary, or -1 at the end.
int32_t chuhai_brk_next(void *iterator);
int32_t chuhai_brk_following(void *iterator, int32_t offset);
int32_t chuhai_brk_rule_status(void *iterator);
void chuhai_brk_close(void *iterator);

// MARK: - Transliteration, normalization, case

void *chuhai_trans_open(const char *id, chuhai_status *status);
/// Transliterates `buffer` in place; returns the new length (needed capacity on overflow).
int32_t chuhai_trans_apply(const void *transliterator, uint16_t *buffer, int32_t length,
                           int32_t capacity, chuhai_status *status);
void chuhai_trans_close(void *transliterator);

/// NFC (form 0), NFD (1), NFKC (2), NFKC_Casefold (3). Returns the output length.
int32_t chuhai_normalize(int32_t form, const uint16_t *text, int32_t length, uint16_t *dest,
                         int32_t capacity, chuhai_status *status);
/// 1 when `text` is already in the form (quick check "yes").
int32_t chuhai_is_normalized(int32_t form, const uint16_t *text, int32_t length, chuhai_status *status);
/// Default full case folding.
int32_t chuhai_fold_case(const uint16_t *text, int32_t length, uint16_t *dest, int32_t capacity,
                         chuhai_status *status);

// MARK: - Character properties

/// UAX #11 East Asian Width (ICU UEastAsianWidth): 0 neutral, 1 ambiguous, 2 halfwidth, 3 fullwidth, 4 narrow, 5 wide.
int32_t chuhai_east_asian_width(uint32_t scalar);
/// UAX #24 script code (ICU UScriptCode).
int32_t chuhai_script(uint32_t scalar);
/// Short ISO 15924 name of a script code ("Hani", "Latn").
const char *chuhai_script_short_name(int32_t script);
/// General category as ICU UCharCategory.
int32_t chuhai_general_category(uint32_t scalar);

// MARK: - Collation

void *chuhai_coll_open(const char *locale, chuhai_status *status);
/// Writes a sort key; returns its length including the trailing zero (needed size when too small).
int32_t chuhai_coll_sort_key(const void *collator, const uint16_t *text, int32_t length, uint8_t *key,
                             int32_t capacity);
/// -1, 0 or 1.
int32_t chuhai_coll_compare(const void *collator, const uint16_t *a, int32_t a_length, const uint16_t *b,
                            int32_t b_length);
void chuhai_coll_close(void *collator);

#ifdef __cplusplus
}
#endif
#endif
