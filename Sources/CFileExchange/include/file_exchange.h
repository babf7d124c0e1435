#ifndef SHNOR_FILE_EXCHANGE_H
#define SHNOR_FILE_EXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): after the call each
/// name refers to what the other did, with no moment when either is missing.
/// Returns 0, or -1 with errno set (ENOSYS/EINVAL where the kernel or file system cannot).
int shnor_exchange_paths(const char *first, const char *second);

/// fsync of a directory, so a rename inside it survives a crash. Returns 0 or -1 with errno.
int shnor_sync_directory(const char *path);

/// Starts writing `count` bytes of `fd` from `offset` to the disk without waiting (Linux
/// sync_file_range with SYNC_FILE_RANGE_WRITE), so that a later fsync has less to wait for.
/// Returns 0, or -1 with errno set; does nothing (0) where the call does not exist.
int shnor_start_writeback(int fd, long long offset, long long count);

/// Opens `path` for writing past the page cache (Linux O_DIRECT): writes must then start at
/// offsets and lengths that are multiples of the block size, from aligned memory.
/// Returns the descriptor, or -1 with errno set (EINVAL where the file system cannot; ENOSYS where
/// the platform has no O_DIRECT).
int shnor_open_uncached(const char *path);

#endif
