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
    /// Set by the owner for the bytes it is about to feed libcsv. `text_checked`: a bulk check
    /// of them (``shnor_input_check_piece``) found no NUL and only well-formed UTF-8, so fields
    /// are not scanned for either. `no_line_breaks`: no field libcsv delivers from them can hold
    /// a line break (no quote among them, no quoted field open before them). With both, fields
    /// are only copied; otherwise each is scanned for what is not known.
    int text_checked;
    int no_line_breaks;
    /// Below this many fields a field is only copied: set from the two above, the cell limit
    /// and the room in `ends` (``shnor_field_arena_set_checked``); 0 after a fault.
    size_t copy_limit;
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

/// Sets what the bytes about to be fed were checked for (see `text_checked`, `no_line_breaks`).
void shnor_field_arena_set_checked(shnor_field_arena *arena, int text_checked, int no_line_breaks);

/// Stops the arena for its owner (SHNOR_FIELD_FAULT_STOPPED): later fields are ignored.
void shnor_field_arena_stop(shnor_field_arena *arena);

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

/// The bulk check of a stream of pieces fed to libcsv, carried from one piece to the next.
///
/// A piece passes when it has no NUL byte and, with `validate_utf8`, the stream up to it is
/// well-formed UTF-8; a UTF-8 sequence cut by a piece's end is checked with the next piece
/// (or never, when the stream ends: the owner then scans fields again). The first piece
/// that fails makes every later one fail too: a field can straddle pieces, and the exact
/// per-field scan must see it whole to name the faulty byte.
typedef struct shnor_input_check {
    /// The first bytes of a UTF-8 sequence cut by the last piece's end.
    unsigned char pending[4];
    size_t pending_count;
    int validate_utf8;
    int failed;
} shnor_input_check;

/// Piece flags of ``shnor_input_check_piece``.
enum shnor_piece_flags {
    /// No NUL byte, and (when validating) well-formed UTF-8 up to any sequence cut at the end.
    SHNOR_PIECE_TEXT_CHECKED = 1,
    /// No quote byte.
    SHNOR_PIECE_NO_QUOTE = 2,
};

/// Sets up a check for a new stream.
void shnor_input_check_init(shnor_input_check *check, int validate_utf8);

/// Checks the next `count` bytes of the stream (vectorised where the processor allows) and
/// returns its ``shnor_piece_flags``.
int shnor_input_check_piece(shnor_input_check *check, const unsigned char *bytes, size_t count, unsigned char quote);

/// True when the stream ended inside a UTF-8 sequence (its last piece's end cut one).
int shnor_input_check_is_cut(const shnor_input_check *check);

/// Counts the LF bytes in `count` bytes (32 at a time where the processor allows).
size_t shnor_count_line_feeds(const unsigned char *bytes, size_t count);

/// Well-formed UTF-8 without NUL bytes (the bulk validator alone, for tests): 1 or 0.
int shnor_is_plain_utf8(const unsigned char *bytes, size_t count);

#endif
