#ifndef SHNOR_FILE_EXCHANGE_H
#define SHNOR_FILE_EXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): after the call each
/// name refers to what the other did, with no moment when either is missing.
/// Returns 0, or -1 with errno set (ENOSYS/EINVAL where the kernel or file system cannot).
int shnor_exchange_paths(const char *first, const char *second);

/// fsync of a directory, so a rename inside it survives a crash. Returns 0 or -1 with errno.
int shnor_sync_directory(const char *path);

/// Copies up to `count` bytes from `from` to `to` at their current offsets inside the kernel
/// (Linux copy_file_range), advancing both. Returns the bytes copied, 0 at the end of `from`,
/// or -1 with errno set (ENOSYS/EXDEV/EINVAL where the kernel or file system cannot).
long shnor_copy_file_range(int from, int to, unsigned long count);

#endif
