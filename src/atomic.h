/*
 * atomic.h - output files written to a temporary name, then renamed into
 * place, so a reader never sees half a file and a failed or interrupted
 * build leaves an earlier good file as it was.
 * Return convention: 0 = ok, -1 = failed with errno set.
 */
#ifndef BAOCAO_ATOMIC_H
#define BAOCAO_ATOMIC_H

/* Make the folders of `final` and choose its temporary sibling, whose
 * name atomic_tmp then gives. One file at a time per process. */
int		 atomic_begin(const char *final);
/* The temporary file being written ("" when none). */
const char	*atomic_tmp(void);
/* Rename the temporary file to `final` when `ok` - after an fsync when
 * `durable` (its folder is then fsync'd by atomic_sync_dirs). On failure
 * or when !ok the temporary file is removed and -1 returned. */
int		 atomic_end(const char *final, int ok, int durable);
/* fsync the folders durable files were renamed into; once, at the end. */
void		 atomic_sync_dirs(void);
/* Unlink the temporary file being written. Async-signal-safe: for a
 * SIGINT/SIGTERM handler. */
void		 atomic_abandon(void);

#endif
