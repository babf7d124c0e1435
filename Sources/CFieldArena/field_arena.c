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

static void set_fault(shnor_field_arena *arena, int fault, size_t line_breaks) {
    arena->fault = fault;
    arena->fault_column = arena->fields + 1;
    arena->fault_line_breaks = line_breaks;
}

void shnor_field_arena_append(void *field, size_t size, void *data) {
    shnor_field_arena *arena = data;
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
        memcpy(arena->bytes + arena->used, field, size);
        shnor_field_scan found = scan(bytes, size, arena->validate_utf8, 1);
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
    if (arena->fields == arena->ends_capacity) {
        size_t capacity = arena->ends_capacity * 2;
        size_t *grown = realloc(arena->ends, capacity * sizeof(size_t));
        if (grown == NULL) {
            set_fault(arena, SHNOR_FIELD_FAULT_OUT_OF_MEMORY, arena->line_breaks);
            return;
        }
        arena->ends = grown;
        arena->ends_capacity = capacity;
    }
    arena->ends[arena->fields++] = arena->used;
}
