#include "cicu.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucol.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

const char *chuhai_error_name(chuhai_status status) { return u_errorName((UErrorCode)status); }

void chuhai_icu_version(char *buf) {
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, buf);
}

int32_t chuhai_detect_charsets(const char *bytes, int32_t length, chuhai_charset_match *out,
                               int32_t capacity, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    ucsdet_setText(det, bytes, length, &err);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(det, &found, &err);
    int32_t written = 0;
    for (int32_t i = 0; U_SUCCESS(err) && i < found && written < capacity; i++) {
        const char *name = ucsdet_getName(matches[i], &err);
        const char *lang = ucsdet_getLanguage(matches[i], &err);
        int32_t conf = ucsdet_getConfidence(matches[i], &err);
        if (U_FAILURE(err)) break;
        memset(&out[written], 0, sizeof(chuhai_charset_match));
        strncpy(out[written].name, name ? name : "", sizeof(out[written].name) - 1);
        strncpy(out[written].language, lang ? lang : "", sizeof(out[written].language) - 1);
        out[written].confidence = conf;
        written++;
    }
    ucsdet_close(det);
    *status = err;
    return written;
}

int32_t chuhai_decode(const char *charset, const char *bytes, int32_t length, uint16_t *dest,
                      int32_t capacity, int32_t lossy, int32_t *error_offset, int32_t *error_length,
                      chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    *error_offset = -1;
    *error_length = 0;
    UConverter *cnv = ucnv_open(charset, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    if (!lossy) {
        ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    }
    const char *src = bytes;
    const char *srcLimit = bytes + length;
    UChar *target = (UChar *)dest;
    UChar *targetLimit = (UChar *)dest + capacity;
    int32_t total = 0;
    UChar scratch[1024];
    int overflowed = 0;
    for (;;) {
        UChar *t0 = overflowed ? scratch : target;
        UChar *tl = overflowed ? scratch + 1024 : targetLimit;
        UChar *t = t0;
        err = U_ZERO_ERROR;
        ucnv_toUnicode(cnv, &t, tl, &src, srcLimit, NULL, 1, &err);
        total += (int32_t)(t - t0);
        if (!overflowed) target = t;
        if (err == U_BUFFER_OVERFLOW_ERROR) { overflowed = 1; continue; }
        if (U_FAILURE(err)) {
            char bad[32];
            int8_t badLen = sizeof(bad);
            UErrorCode e2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(cnv, bad, &badLen, &e2);
            if (U_FAILURE(e2)) badLen = 1;
            *error_length = badLen;
            *error_offset = (int32_t)(src - bytes) - badLen;
        }
        break;
    }
    ucnv_close(cnv);
    if (U_SUCCESS(err) && overflowed) err = U_BUFFER_OVERFLOW_ERROR;
    *status = err;
    return total;
}

int32_t chuhai_encode(const char *charset, const uint16_t *text, int32_t length, char *dest,
                      int32_t capacity, int32_t lossy, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    if (!lossy) ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    int32_t n = ucnv_fromUChars(cnv, dest, capacity, (const UChar *)text, length, &err);
    ucnv_close(cnv);
    *status = err;
    return n;
}

const char *chuhai_charset_canonical_name(const char *alias) {
    UErrorCode err = U_ZERO_ERROR;
    const char *name = ucnv_getCanonicalName(alias, "", &err);
    if (U_FAILURE(err) || name == NULL) {
        err = U_ZERO_ERROR;
        name = ucnv_getAlias(alias, 0, &err);
        if (U_FAILURE(err)) return NULL;
    }
    return name;
}

void *chuhai_brk_open(int32_t kind, const char *locale, const uint16_t *text, int32_t length,
                      chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open((UBreakIteratorType)kind, locale, (const UChar *)text, length, &err);
    *status = err;
    return bi;
}

void *chuhai_brk_open_rules(const uint16_t *rules, int32_t rules_length, const uint16_t *text,
                            int32_t length, int32_t *parse_line, int32_t *parse_offset,
                            chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UParseError pe;
    memset(&pe, 0, sizeof(pe));
    UBreakIterator *bi = ubrk_openRules((const UChar *)rules, rules_length, (const UChar *)text, length, &pe, &err);
    *parse_line = pe.line;
    *parse_offset = pe.offset;
    *status = err;
    return bi;
}

void *chuhai_brk_clone(const void *iterator, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_clone((const UBreakIterator *)iterator, &err);
    *status = err;
    return bi;
}

void chuhai_brk_set_text(void *iterator, const uint16_t *text, int32_t length, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, length, &err);
    *status = err;
}

int32_t chuhai_brk_first(void *iterator) { return ubrk_first((UBreakIterator *)iterator); }
int32_t chuhai_brk_next(void *iterator) { return ubrk_next((UBreakIterator *)iterator); }
int32_t chuhai_brk_following(void *iterator, int32_t offset) {
    return ubrk_following((UBreakIterator *)iterator, offset);
}
int32_t chuhai_brk_rule_status(void *iterator) { return ubrk_getRuleStatus((UBreakIterator *)iterator); }
void chuhai_brk_close(void *iterator) {
    if (iterator) ubrk_close((UBreakIterator *)iterator);
}

void *chuhai_trans_open(const char *id, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UChar uid[256];
    int32_t n = 0;
    u_strFromUTF8(uid, 256, &n, id, -1, &err);
    if (U_FAILURE(err)) { *status = err; return NULL; }
    UTransliterator *t = utrans_openU(uid, n, UTRANS_FORWARD, NULL, 0, NULL, &err);
    *status = err;
    return t;
}

int32_t chuhai_trans_apply(const void *transliterator, uint16_t *buffer, int32_t length,
                           int32_t capacity, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t textLength = length;
    int32_t limit = length;
    utrans_transUChars((const UTransliterator *)transliterator, (UChar *)buffer, &textLength, capacity,
                       0, &limit, &err);
    *status = err;
    return textLength;
}

void chuhai_trans_close(void *transliterator) {
    if (transliterator) utrans_close((UTransliterator *)transliterator);
}

static const UNormalizer2 *normalizer(int32_t form, UErrorCode *err) {
    switch (form) {
    case 0: return unorm2_getNFCInstance(err);
    case 1: return unorm2_getNFDInstance(err);
    case 2: return unorm2_getNFKCInstance(err);
    default: return unorm2_getNFKCCasefoldInstance(err);
    }
}

int32_t chuhai_normalize(int32_t form, const uint16_t *text, int32_t length, uint16_t *dest,
                         int32_t capacity, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t r = unorm2_normalize(n, (const UChar *)text, length, (UChar *)dest, capacity, &err);
    *status = err;
    return r;
}

int32_t chuhai_is_normalized(int32_t form, const uint16_t *text, int32_t length, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    UNormalizationCheckResult r = unorm2_quickCheck(n, (const UChar *)text, length, &err);
    *status = err;
    return r == UNORM_YES;
}

int32_t chuhai_fold_case(const uint16_t *text, int32_t length, uint16_t *dest, int32_t capacity,
                         chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t r = u_strFoldCase((UChar *)dest, capacity, (const UChar *)text, length, U_FOLD_CASE_DEFAULT, &err);
    *status = err;
    return r;
}

int32_t chuhai_east_asian_width(uint32_t scalar) {
    return u_getIntPropertyValue((UChar32)scalar, UCHAR_EAST_ASIAN_WIDTH);
}

int32_t chuhai_script(uint32_t scalar) {
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)scalar, &err);
    return U_FAILURE(err) ? -1 : (int32_t)s;
}

const char *chuhai_script_short_name(int32_t script) { return uscript_getShortName((UScriptCode)script); }

int32_t chuhai_general_category(uint32_t scalar) { return u_charType((UChar32)scalar); }

void *chuhai_coll_open(const char *locale, chuhai_status *status) {
    UErrorCode err = U_ZERO_ERROR;
    UCollator *c = ucol_open(locale, &err);
    *status = err;
    return c;
}

int32_t chuhai_coll_sort_key(const void *collator, const uint16_t *text, int32_t length, uint8_t *key,
                             int32_t capacity) {
    return ucol_getSortKey((const UCollator *)collator, (const UChar *)text, length, key, capacity);
}

int32_t chuhai_coll_compare(const void *collator, const uint16_t *a, int32_t a_length, const uint16_t *b,
                            int32_t b_length) {
    return (int32_t)ucol_strcoll((const UCollator *)collator, (const UChar *)a, a_length, (const UChar *)b, b_length);
}

void chuhai_coll_close(void *collator) {
    if (collator) ucol_close((UCollator *)collator);
}
