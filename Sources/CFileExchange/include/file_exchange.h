#ifndef SHNOR_FILE_EXCHANGE_H
#define SHNOR_FILE_EXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): after the call each
/// name refers to what the other did, with no moment when either is missing.
/// Returns 0, or -1 with errno set (ENOSYS/EINVAL where the kernel or file system cannot).
int shnor_exchange_paths(const char *first, const char *second);

/// fsync of a directory, so a rename inside it survives a crash. Returns 0 or -1 with errno.
int shnor_sync_directory(const char *path);

#endif
