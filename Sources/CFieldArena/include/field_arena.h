#ifndef SHNOR_FIELD_ARENA_H
#define SHNOR_FIELD_ARENA_H

#include <stddef.h>

/// Why the arena stopped taking fields (0: it did not).
enum shnor_field_fault {
    SHNOR_FIELD_FAULT_NONE = 0,
    /// The owner stopped the stream (an error of its own, raised at a record's end).
    SHNOR_FIELD_FAULT_STOPPED = 1,
    /// realloc failed while the record grew.
    SHNOR_FIELD_FAULT_OUT_OF_MEMORY = 2,
    /// A field past `max_fields` of one record.
    SHNOR_FIELD_FAULT_TOO_MANY_FIELDS = 3,
    /// A NUL byte inside a field.
    SHNOR_FIELD_FAULT_NUL = 4,
    /// A UTF-8 byte order mark opening the first field of a record below the file's first line.
    SHNOR_FIELD_FAULT_BYTE_ORDER_MARK = 5,
    /// A byte that does not form a UTF-8 character (only when `validate_utf8`).
    SHNOR_FIELD_FAULT_INVALID_UTF8 = 6,
};

/// The fields of the record libcsv is delivering, laid end to end, and what checking them found.
///
/// `shnor_field_arena_append` is libcsv's field callback with the arena as its data pointer: it
/// checks each field (the cell limit, NUL bytes, a byte order mark inside the file, UTF-8),
/// counts the line breaks inside it, and appends its bytes to `bytes` and its end to `ends`.
/// The first fault stops it: later fields are ignored until the owner reads the fault. The
/// owner reads a whole record at libcsv's record-end callback and then calls
/// `shnor_field_arena_clear`. `owner` is the owner's own, for its record-end callback.
typedef struct shnor_field_arena {
    unsigned char *bytes;
    size_t used;
    size_t capacity;
    /// `ends[i]`: offset in `bytes` past field i.
    size_t *ends;
    size_t fields;
    size_t ends_capacity;
    size_t max_fields;
    /// Line breaks (LF, CRLF, lone CR, each once) inside the record's fields so far.
    size_t line_breaks;
    int validate_utf8;
    /// Set by the owner: a byte order mark opening a record is a fault (not the first line).
    int mark_is_fault;
    int fault;
    /// Of the fault: the 1-based column, the line breaks in the record before the faulty byte,
    /// and the byte (for an invalid UTF-8 sequence).
    size_t fault_column;
    size_t fault_line_breaks;
    unsigned char fault_byte;
    void *owner;
} shnor_field_arena;

/// Sets up an empty arena. Returns 0, or -1 when memory ran out (nothing to free then).
int shnor_field_arena_init(shnor_field_arena *arena, size_t max_fields, int validate_utf8, void *owner);

/// Frees the arena's buffers.
void shnor_field_arena_free(shnor_field_arena *arena);

/// libcsv's field callback: `data` is the arena.
void shnor_field_arena_append(void *field, size_t size, void *data);

/// Empties the arena for the next record (keeps its buffers and any fault).
void shnor_field_arena_clear(shnor_field_arena *arena);

/// What one pass over a field's bytes found.
typedef struct shnor_field_scan {
    /// Line breaks (LF, CRLF and lone CR each once) before `stop`.
    size_t line_breaks;
    /// Offset of the first NUL byte or (when validating) the first byte of an ill-formed UTF-8
    /// sequence; `count` when there is none.
    size_t stop;
    /// SHNOR_FIELD_FAULT_NUL, SHNOR_FIELD_FAULT_INVALID_UTF8 or SHNOR_FIELD_FAULT_NONE.
    int fault;
} shnor_field_scan;

/// Scans `count` bytes: line breaks, and the first NUL or (with `validate_utf8`) ill-formed
/// UTF-8 byte (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
shnor_field_scan shnor_scan_field(const unsigned char *bytes, size_t count, int validate_utf8);

/// Counts line breaks (LF, CRLF and lone CR each once) in `count` bytes.
size_t shnor_count_line_breaks(const unsigned char *bytes, size_t count);

#endif
