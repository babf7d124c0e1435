#include "field_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int shnor_field_arena_init(shnor_field_arena *arena, size_t max_fields, int validate_utf8, void *owner) {
    memset(arena, 0, sizeof *arena);
    arena->capacity = 64 * 1024;
    arena->bytes = malloc(arena->capacity);
    arena->ends_capacity = 256;
    arena->ends = malloc(arena->ends_capacity * sizeof(size_t));
    if (arena->bytes == NULL || arena->ends == NULL) {
        free(arena->bytes);
        free(arena->ends);
        return -1;
    }
    arena->max_fields = max_fields;
    arena->validate_utf8 = validate_utf8;
    arena->owner = owner;
    return 0;
}

void shnor_field_arena_free(shnor_field_arena *arena) {
    free(arena->bytes);
    free(arena->ends);
    arena->bytes = NULL;
    arena->ends = NULL;
}

void shnor_field_arena_clear(shnor_field_arena *arena) {
    arena->used = 0;
    arena->fields = 0;
    arena->line_breaks = 0;
}

/// Length of the well-formed UTF-8 sequence at `bytes[index]`, or 0 when it is ill-formed
/// (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF). The field scan's
/// own copy of `utf8SequenceLength` (Sources/Ingest/Encoding/UTF8Scan.swift), which reads
/// samples and error messages; the two must agree (Tests/IngestTests/FieldScanTests.swift).
static size_t sequence_length(const unsigned char *bytes, size_t index, size_t count) {
    unsigned char lead = bytes[index];
    size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
        length = 3;
    } else if (lead == 0xED) {
        length = 3;
        high = 0x9F;
    } else if (lead == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        length = 4;
    } else if (lead == 0xF4) {
        length = 4;
        high = 0x8F;
    } else {
        return 0;
    }
    if (index + length > count) return 0;
    if (bytes[index + 1] < low || bytes[index + 1] > high) return 0;
    for (size_t offset = 2; offset < length; offset++) {
        if ((bytes[index + offset] & 0xC0) != 0x80) return 0;
    }
    return length;
}

/// Runs on every field, so ASCII without control characters is skipped eight bytes at a time;
/// only bytes >= 0x80 or < 0x0E take the slow path. With `padded` (a constant in each caller),
/// eight bytes past `count` may be read: a last word shorter than eight bytes is read whole and
/// the bytes past the field count as spaces.
static inline __attribute__((always_inline)) shnor_field_scan scan(
    const unsigned char *bytes, size_t count, int validate_utf8, int padded) {
    shnor_field_scan scan = {0, count, SHNOR_FIELD_FAULT_NONE};
    size_t index = 0;
    while (index < count) {
        if (index + 8 <= count || padded) {
            const uint64_t high_bit = 0x8080808080808080ULL;
            uint64_t word;
            memcpy(&word, bytes + index, 8);
            if (index + 8 > count) {
                uint64_t kept = (UINT64_C(1) << (8 * (count - index))) - 1;
                word = (word & kept) | (0x2020202020202020ULL & ~kept);
            }
            // Bytes below 0x0E (exact for the lowest one; a borrow marks only bytes above it).
            uint64_t below_0e = (word - 0x0E0E0E0E0E0E0E0EULL) & ~word & high_bit;
            uint64_t high = word & high_bit;
            if (below_0e == 0) {
                if (high == 0 || !validate_utf8) {
                    index += 8;
                    continue;
                }
                // Cyrillic and other two-byte text eight bytes at a time: every byte >= 0x80 is
                // a lead 110xxxxx (not C0, C1) followed by a continuation 10xxxxxx. `index`
                // stands where a sequence begins; a lead in the last byte is left for the next word.
                uint64_t continuation = word & ~(word << 1) & high_bit;
                uint64_t lead = word & (word << 1) & ~(word << 2) & high_bit;
                uint64_t payload = ((word & 0x1E1E1E1E1E1E1E1EULL) + 0x7F7F7F7F7F7F7F7FULL) & high_bit;
                if (high == (lead | continuation) && (lead & ~payload) == 0 && (lead << 8) == continuation) {
                    index += (lead >> 63) ? 7 : 8;
                    continue;
                }
            }
            // Skip the plain bytes before the first marked one (little-endian: the lowest mark is
            // the first byte).
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            uint64_t marks = validate_utf8 ? (high | below_0e) : below_0e;
            if (marks != 0) index += (size_t)__builtin_ctzll(marks) >> 3;
#endif
        }
        unsigned char byte = bytes[index];
        if (byte < 0x80) {
            if (byte == 0) {
                scan.stop = index;
                scan.fault = SHNOR_FIELD_FAULT_NUL;
                return scan;
            }
            if (byte == 0x0A) {
                scan.line_breaks++;
            } else if (byte == 0x0D) {
                if (!(index + 1 < count && bytes[index + 1] == 0x0A)) scan.line_breaks++;
            }
            index++;
            continue;
        }
        if (!validate_utf8) {
            index++;
            continue;
        }
        // Two-byte sequences (Cyrillic) first: a lead C2–DF and one continuation byte.
        if (byte >= 0xC2 && byte <= 0xDF && index + 1 < count && (bytes[index + 1] & 0xC0) == 0x80) {
            index += 2;
            continue;
        }
        size_t length = sequence_length(bytes, index, count);
        if (length == 0) {
            scan.stop = index;
            scan.fault = SHNOR_FIELD_FAULT_INVALID_UTF8;
            return scan;
        }
        index += length;
    }
    return scan;
}

shnor_field_scan shnor_scan_field(const unsigned char *bytes, size_t count, int validate_utf8) {
    return scan(bytes, count, validate_utf8, 0);
}

size_t shnor_count_line_breaks(const unsigned char *bytes, size_t count) {
    return scan(bytes, count, 0, 0).line_breaks;
}

/// Fields below this count are only copied (0: every field takes the checked path).
static void update_copy_limit(shnor_field_arena *arena) {
    int copies = arena->text_checked && arena->no_line_breaks && arena->fault == SHNOR_FIELD_FAULT_NONE;
    arena->copy_limit = !copies ? 0 : arena->max_fields < arena->ends_capacity ? arena->max_fields : arena->ends_capacity;
}

void shnor_field_arena_set_checked(shnor_field_arena *arena, int text_checked, int no_line_breaks) {
    arena->text_checked = text_checked;
    arena->no_line_breaks = no_line_breaks;
    update_copy_limit(arena);
}

void shnor_field_arena_stop(shnor_field_arena *arena) {
    arena->fault = SHNOR_FIELD_FAULT_STOPPED;
    arena->copy_limit = 0;
}

static void set_fault(shnor_field_arena *arena, int fault, size_t line_breaks) {
    arena->copy_limit = 0;
    arena->fault = fault;
    arena->fault_column = arena->fields + 1;
    arena->fault_line_breaks = line_breaks;
}

/// Every field but the copies of ``shnor_field_arena_append``: checks, growth, faults.
static __attribute__((noinline)) void append_checked(shnor_field_arena *arena, void *field, size_t size) {
    if (arena->fault != SHNOR_FIELD_FAULT_NONE) return;
    if (arena->fields == arena->max_fields) {
        set_fault(arena, SHNOR_FIELD_FAULT_TOO_MANY_FIELDS, 0);
        return;
    }
    if (field != NULL && size > 0) {
        // The field is copied first and scanned in the arena, where eight bytes past it can be read.
        if (arena->used + size + 8 > arena->capacity) {
            size_t capacity = arena->capacity * 2;
            while (capacity < arena->used + size + 8) capacity *= 2;
            unsigned char *grown = realloc(arena->bytes, capacity);
            if (grown == NULL) {
                set_fault(arena, SHNOR_FIELD_FAULT_OUT_OF_MEMORY, arena->line_breaks);
                return;
            }
            arena->bytes = grown;
            arena->capacity = capacity;
        }
        const unsigned char *bytes = arena->bytes + arena->used;
        if (arena->text_checked && arena->no_line_breaks) {
            // Checked in bulk before libcsv saw them: only the mark inside the file is left.
            const unsigned char *source = field;
            if (arena->fields == 0 && arena->mark_is_fault && size >= 3 && source[0] == 0xEF && source[1] == 0xBB
                && source[2] == 0xBF) {
                set_fault(arena, SHNOR_FIELD_FAULT_BYTE_ORDER_MARK, arena->line_breaks);
                return;
            }
            memcpy(arena->bytes + arena->used, field, size);
            arena->used += size;
            goto append_end;
        }
        memcpy(arena->bytes + arena->used, field, size);
        shnor_field_scan found = scan(bytes, size, arena->validate_utf8 && !arena->text_checked, 1);
        if (found.fault == SHNOR_FIELD_FAULT_NUL) {
            set_fault(arena, found.fault, arena->line_breaks + found.line_breaks);
            return;
        }
        if (arena->fields == 0 && arena->mark_is_fault && size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB
            && bytes[2] == 0xBF) {
            set_fault(arena, SHNOR_FIELD_FAULT_BYTE_ORDER_MARK, arena->line_breaks);
            return;
        }
        if (found.fault == SHNOR_FIELD_FAULT_INVALID_UTF8) {
            set_fault(arena, found.fault, arena->line_breaks + found.line_breaks);
            arena->fault_byte = bytes[found.stop];
            return;
        }
        arena->used += size;
        arena->line_breaks += found.line_breaks;
    }
append_end:
    if (arena->fields == arena->ends_capacity) {
        size_t capacity = arena->ends_capacity * 2;
        size_t *grown = realloc(arena->ends, capacity * sizeof(size_t));
        if (grown == NULL) {
            set_fault(arena, SHNOR_FIELD_FAULT_OUT_OF_MEMORY, arena->line_breaks);
            return;
        }
        arena->ends = grown;
        arena->ends_capacity = capacity;
        update_copy_limit(arena);
    }
    arena->ends[arena->fields++] = arena->used;
}

/// The first and the last `width` bytes of a field of `width` to 2 × `width` bytes, which
/// together cover it (`width` a constant: fixed moves, no call).
static inline __attribute__((always_inline)) void copy_both_ends(
    unsigned char *to, const unsigned char *from, size_t size, size_t width) {
    unsigned char head[16], tail[16];
    memcpy(head, from, width);
    memcpy(tail, from + size - width, width);
    memcpy(to, head, width);
    memcpy(to + size - width, tail, width);
}

/// memcpy for the short fields most exports are made of, without a call: two overlapping
/// moves of the widest size that fits, reading and writing only the field's own bytes.
static inline __attribute__((always_inline)) void copy_field(
    unsigned char *to, const unsigned char *from, size_t size) {
    if (size > 32) {
        memcpy(to, from, size);
    } else if (size > 16) {
        copy_both_ends(to, from, size, 16);
    } else if (size >= 8) {
        copy_both_ends(to, from, size, 8);
    } else if (size >= 4) {
        copy_both_ends(to, from, size, 4);
    } else if (size > 0) {
        to[0] = from[0];
        to[size / 2] = from[size / 2];
        to[size - 1] = from[size - 1];
    }
}

void shnor_field_arena_append(void *field, size_t size, void *data) {
    shnor_field_arena *arena = data;
    size_t fields = arena->fields, used = arena->used;
    // A field of a piece checked in bulk, with room in both buffers, and not a byte order mark
    // opening a record below the first line: only copied.
    const unsigned char *bytes = field;
    if (fields < arena->copy_limit && used + size + 8 <= arena->capacity
        && !(fields == 0 && size >= 3 && bytes[0] == 0xEF && arena->mark_is_fault)) {
        copy_field(arena->bytes + used, bytes, size);
        arena->used = used + size;
        arena->ends[fields] = used + size;
        arena->fields = fields + 1;
        return;
    }
    append_checked(arena, field, size);
}

/// Length of the sequence a lead byte opens (1 for ASCII and for bytes that cannot lead).
static size_t lead_length(unsigned char lead) {
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 1;
}

/// True when the `count` bytes of `sequence` (a lead and some of its continuations) can still
/// become a well-formed sequence (Unicode Table 3-7).
static int prefix_is_well_formed(const unsigned char *sequence, size_t count) {
    if (count < 2) return 1;
    unsigned char lead = sequence[0], low = 0x80, high = 0xBF;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (sequence[1] < low || sequence[1] > high) return 0;
    for (size_t index = 2; index < count; index++) {
        if ((sequence[index] & 0xC0) != 0x80) return 0;
    }
    return 1;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SHNOR_HAVE_AVX2 1
#define SHNOR_AVX2 __attribute__((target("avx2")))

// UTF-8 validation 32 bytes at a time by the lookup algorithm of Keiser and Lemire
// ("Validating UTF-8 in less than one instruction per byte", 2021): three table look-ups on
// the nibbles of each byte and the one before it find every error of a two-byte window, and
// the bytes two and three back tell where a continuation must stand.
enum {
    TOO_SHORT = 1 << 0,
    TOO_LONG = 1 << 1,
    OVERLONG_3 = 1 << 2,
    TOO_LARGE = 1 << 3,
    SURROGATE = 1 << 4,
    OVERLONG_2 = 1 << 5,
    TOO_LARGE_1000 = 1 << 6,
    OVERLONG_4 = 1 << 6,
    TWO_CONTS = 1 << 7,
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define SHNOR_B(x) ((char)(unsigned char)(x))
#define SHNOR_TABLE(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                                                \
    _mm256_setr_epi8(SHNOR_B(a), SHNOR_B(b), SHNOR_B(c), SHNOR_B(d), SHNOR_B(e), SHNOR_B(f), SHNOR_B(g), SHNOR_B(h), \
        SHNOR_B(i), SHNOR_B(j), SHNOR_B(k), SHNOR_B(l), SHNOR_B(m), SHNOR_B(n), SHNOR_B(o), SHNOR_B(p), SHNOR_B(a),  \
        SHNOR_B(b), SHNOR_B(c), SHNOR_B(d), SHNOR_B(e), SHNOR_B(f), SHNOR_B(g), SHNOR_B(h), SHNOR_B(i), SHNOR_B(j),  \
        SHNOR_B(k), SHNOR_B(l), SHNOR_B(m), SHNOR_B(n), SHNOR_B(o), SHNOR_B(p))

/// `input` shifted back by `n` bytes, the bytes of `previous` coming in.
#define SHNOR_PREVIOUS(input, previous, n) \
    _mm256_alignr_epi8(input, _mm256_permute2x128_si256(previous, input, 0x21), 16 - (n))

SHNOR_AVX2 static inline __m256i utf8_errors(__m256i input, __m256i previous) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i previous1 = SHNOR_PREVIOUS(input, previous, 1);
    __m256i byte_1_high = _mm256_shuffle_epi8(
        SHNOR_TABLE(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TWO_CONTS,
            TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
            TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),
        _mm256_and_si256(_mm256_srli_epi16(previous1, 4), nibble));
    __m256i byte_1_low = _mm256_shuffle_epi8(
        SHNOR_TABLE(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000),
        _mm256_and_si256(previous1, nibble));
    __m256i byte_2_high = _mm256_shuffle_epi8(
        SHNOR_TABLE(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT),
        _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
    __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);
    __m256i previous2 = SHNOR_PREVIOUS(input, previous, 2);
    __m256i previous3 = SHNOR_PREVIOUS(input, previous, 3);
    __m256i third = _mm256_subs_epu8(previous2, _mm256_set1_epi8(0xE0 - 0x80));
    __m256i fourth = _mm256_subs_epu8(previous3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

/// Well-formed UTF-8 (`count` bytes ending with a whole sequence) without NUL bytes; whether a
/// `quote` byte stands among them goes to `has_quote` (exact when the bytes pass).
SHNOR_AVX2 static int plain_utf8_avx2(const unsigned char *bytes, size_t count, unsigned char quote, int *has_quote) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i quotes = _mm256_set1_epi8((char)quote);
    __m256i quoted = zero;
    const __m256i cut_at_end = _mm256_setr_epi8((char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
        (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
        (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
        (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)(0xF0 - 1), (char)(0xE0 - 1),
        (char)(0xC0 - 1));
    __m256i error = zero, nul = zero, previous = zero, incomplete = zero;
    size_t index = 0;
    unsigned char last[32];
    while (index < count) {
        if (index + 64 <= count) {
            // Two blocks of ASCII at once, the common case, when nothing is cut before them.
            __m256i first = _mm256_loadu_si256((const __m256i *)(bytes + index));
            __m256i second = _mm256_loadu_si256((const __m256i *)(bytes + index + 32));
            if (_mm256_movemask_epi8(_mm256_or_si256(first, second)) == 0) {
                nul = _mm256_or_si256(nul, _mm256_cmpeq_epi8(_mm256_min_epu8(first, second), zero));
                quoted = _mm256_or_si256(
                    quoted, _mm256_or_si256(_mm256_cmpeq_epi8(first, quotes), _mm256_cmpeq_epi8(second, quotes)));
                error = _mm256_or_si256(error, incomplete);
                incomplete = zero;
                previous = second;
                index += 64;
                continue;
            }
        }
        __m256i input;
        if (index + 32 <= count) {
            input = _mm256_loadu_si256((const __m256i *)(bytes + index));
        } else {
            // The last bytes, padded with spaces (ASCII, not NUL, not the quote).
            memset(last, quote == 0x20 ? 0x21 : 0x20, sizeof last);
            memcpy(last, bytes + index, count - index);
            input = _mm256_loadu_si256((const __m256i *)last);
        }
        index += 32;
        nul = _mm256_or_si256(nul, _mm256_cmpeq_epi8(input, zero));
        quoted = _mm256_or_si256(quoted, _mm256_cmpeq_epi8(input, quotes));
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, incomplete);
        } else {
            error = _mm256_or_si256(error, utf8_errors(input, previous));
            incomplete = _mm256_subs_epu8(input, cut_at_end);
        }
        previous = input;
        if ((index & 4064) == 0 && !_mm256_testz_si256(_mm256_or_si256(error, nul), _mm256_or_si256(error, nul))) {
            *has_quote = 1;  // not looked at further: the bytes failed
            return 0;
        }
    }
    error = _mm256_or_si256(_mm256_or_si256(error, incomplete), nul);
    *has_quote = !_mm256_testz_si256(quoted, quoted);
    return _mm256_testz_si256(error, error);
}
#endif

/// Whether a `quote` byte stands among `count` bytes.
static int has_quote_byte(const unsigned char *bytes, size_t count, unsigned char quote) {
    return count != 0 && memchr(bytes, quote, count) != NULL;
}

/// Well-formed UTF-8 (`count` bytes ending with a whole sequence) without NUL bytes, and whether
/// a `quote` byte stands among them (exact when the bytes pass): one pass where AVX2 allows.
static int plain_utf8(const unsigned char *bytes, size_t count, unsigned char quote, int *has_quote) {
#ifdef SHNOR_HAVE_AVX2
    if (__builtin_cpu_supports("avx2")) return plain_utf8_avx2(bytes, count, quote, has_quote);
#endif
    *has_quote = has_quote_byte(bytes, count, quote);
    return scan(bytes, count, 1, 0).fault == SHNOR_FIELD_FAULT_NONE;
}

/// Well-formed UTF-8 (`count` bytes ending with a whole sequence) without NUL bytes: 1 or 0.
int shnor_is_plain_utf8(const unsigned char *bytes, size_t count) {
    int has_quote;
    return plain_utf8(bytes, count, '"', &has_quote);
}

void shnor_input_check_init(shnor_input_check *check, int validate_utf8) {
    memset(check, 0, sizeof *check);
    check->validate_utf8 = validate_utf8;
}

int shnor_input_check_is_cut(const shnor_input_check *check) {
    return !check->failed && check->pending_count > 0;
}

int shnor_input_check_piece(shnor_input_check *check, const unsigned char *bytes, size_t count, unsigned char quote) {
    if (check->failed || !check->validate_utf8) {
        int flags = has_quote_byte(bytes, count, quote) ? 0 : SHNOR_PIECE_NO_QUOTE;
        if (check->failed) return flags;
        if (memchr(bytes, 0, count) != NULL) check->failed = 1;
        return check->failed ? flags : flags | SHNOR_PIECE_TEXT_CHECKED;
    }
    size_t start = 0;
    if (check->pending_count > 0) {
        // The sequence the last piece cut: its continuations open this one.
        size_t needed = lead_length(check->pending[0]);
        while (check->pending_count < needed && start < count) check->pending[check->pending_count++] = bytes[start++];
        if (!prefix_is_well_formed(check->pending, check->pending_count)) {
            check->failed = 1;
            return has_quote_byte(bytes, count, quote) ? 0 : SHNOR_PIECE_NO_QUOTE;
        }
        // Continuations only, no quote among them.
        if (check->pending_count < needed) return SHNOR_PIECE_NO_QUOTE | SHNOR_PIECE_TEXT_CHECKED;
        check->pending_count = 0;
    }
    // A sequence cut by this piece's end waits for the next.
    size_t end = count;
    for (size_t back = 1; back <= 3 && back <= count - start; back++) {
        unsigned char byte = bytes[count - back];
        if (byte < 0x80) break;
        if (byte >= 0xC0) {
            if (lead_length(byte) > back) end = count - back;
            break;
        }
    }
    // The bytes outside start..<end continue or open a sequence: none is a quote.
    int quoted;
    if (!plain_utf8(bytes + start, end - start, quote, &quoted)) {
        check->failed = 1;
        return has_quote_byte(bytes, count, quote) ? 0 : SHNOR_PIECE_NO_QUOTE;
    }
    memcpy(check->pending, bytes + end, count - end);
    check->pending_count = count - end;
    return (quoted ? 0 : SHNOR_PIECE_NO_QUOTE) | SHNOR_PIECE_TEXT_CHECKED;
}

#ifdef SHNOR_HAVE_AVX2
SHNOR_AVX2 static size_t line_feeds_avx2(const unsigned char *bytes, size_t count) {
    const __m256i line_feed = _mm256_set1_epi8(0x0A);
    size_t found = 0, index = 0;
    for (; index + 32 <= count; index += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + index));
        found += (size_t)__builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(input, line_feed)));
    }
    for (; index < count; index++) found += bytes[index] == 0x0A;
    return found;
}
#endif

size_t shnor_count_line_feeds(const unsigned char *bytes, size_t count) {
#ifdef SHNOR_HAVE_AVX2
    if (__builtin_cpu_supports("avx2")) return line_feeds_avx2(bytes, count);
#endif
    size_t found = 0;
    const unsigned char *at = bytes, *end = bytes + count;
    while (at < end && (at = memchr(at, 0x0A, (size_t)(end - at))) != NULL) {
        found++;
        at++;
    }
    return found;
}
